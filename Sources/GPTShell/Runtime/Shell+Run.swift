import Foundation

/// How replaying a source ended.
public enum RunOutcome: Equatable {
    case finished
    /// A command failed (with `--keep-going`, at least one did).
    case failed
    case interrupted
    case quit
}

extension Shell {
    /// Runs every command of `source`. In batch mode the first failure or an interrupt ends the
    /// run (unless `keepGoing`); interactively they only end the current line.
    public func run(_ source: LineSource, interactive: Bool = false) -> RunOutcome {
        var failed = false
        while true {
            switch LogicalLines.next(from: source) {
            case .end:
                return failed ? .failed : .finished
            case .interrupted:
                if !interactive { return .interrupted }
                Interrupt.clear()
            case .failure(let error, let text):
                output.error(error, sourceLine: text.flatMap { Self.physicalLine(error.location, of: $0.text, from: $0.line) })
                failed = true
                failures += 1
                if !interactive && !keepGoing { return .failed }
            case .tokens(let tokens, let text, let line):
                let ok = execute(tokens, text: text, line: line, keepGoing: keepGoing && !interactive)
                if Interrupt.isRequested { wasInterrupted = true }
                if quitRequested { return .quit }
                if wasInterrupted {
                    if !interactive { return .interrupted }
                    wasInterrupted = false
                    Interrupt.clear()
                }
                if !ok {
                    failed = true
                    if !interactive && !keepGoing { return .failed }
                }
            }
        }
    }

    /// Runs a script file with relative paths resolved from its directory, once the whole of
    /// it has passed `check` (unless `keepGoing`, which runs what it can).
    public func runScript(at path: String, displayName: String? = nil) throws -> RunOutcome {
        let name = displayName ?? path
        if try !keepGoing && !check(FileDescriptorLines(path: path, name: name), in: (path as NSString).deletingLastPathComponent) {
            return .failed
        }
        return run(try FileDescriptorLines(path: path, name: name), from: (path as NSString).deletingLastPathComponent)
    }

    /// Runs `source` with relative paths resolved from `directory`.
    func run(_ source: LineSource, from directory: String) -> RunOutcome {
        directories.append(directory)
        defer { directories.removeLast() }
        return run(source)
    }

    /// Reads all of `source` and reports every line that does not lex or parse (unknown
    /// commands, options, keys, values), so that a mistake late in a script is found before
    /// its first command runs. A script it `run`s is checked too, its path resolved from
    /// `directory` (the checked script's own). True when there was none.
    public func check(_ source: LineSource, in directory: String? = nil) -> Bool {
        var visited: Set<String> = []
        return check(source, in: directory, visited: &visited)
    }

    private func check(_ source: LineSource, in directory: String?, visited: inout Set<String>) -> Bool {
        var clean = true
        while true {
            switch LogicalLines.next(from: source) {
            case .end, .interrupted:
                return clean
            case .failure(let error, let text):
                output.error(error, sourceLine: text.flatMap { Self.physicalLine(error.location, of: $0.text, from: $0.line) })
                clean = false
            case .tokens(let tokens, let text, let line):
                for statement in CommandParser.statements(tokens) {
                    do {
                        let invocation = try parser.parse(statement)
                        if invocation.spec.words == CommandSpec.run.words, let written = invocation.text("PATH") {
                            clean = checkIncluded(written, from: directory, visited: &visited) && clean
                        }
                    } catch {
                        let located = ShellError(error, at: statement[0].location)
                        output.error(located, sourceLine: Self.physicalLine(located.location, of: text, from: line))
                        clean = false
                    }
                }
            }
        }
    }

    /// A script named by `run` inside a checked one; one that cannot be opened yet (written by
    /// an earlier command) or was checked already is left to `run` itself.
    private func checkIncluded(_ written: String, from directory: String?, visited: inout Set<String>) -> Bool {
        directories.append(directory ?? "")
        let path = resolve(written)
        directories.removeLast()
        guard visited.insert(path).inserted, let lines = try? FileDescriptorLines(path: path) else { return true }
        return check(lines, in: (path as NSString).deletingLastPathComponent, visited: &visited)
    }

    /// Runs one logical line. Every statement is parsed and checked before the first runs, and
    /// one that fails ends the line; with `keepGoing` a failure ends only its own statement.
    func execute(_ tokens: [Token], text: String, line: Int, keepGoing: Bool = false) -> Bool {
        let statements = CommandParser.statements(tokens)
        let parsed = statements.map { statement in Result { try parser.parse(statement) } }
        var ok = true
        func fail(_ error: Error, at location: SourceLocation) {
            if !(error is AlreadyReported) {
                let located = ShellError(error, at: location)
                output.error(located, sourceLine: Self.physicalLine(located.location, of: text, from: line))
            }
            failures += 1
            ok = false
        }
        if !keepGoing, let (index, error) = parsed.enumerated().lazy.compactMap({ i, r in r.failure.map { (i, $0) } }).first {
            fail(error, at: statements[index][0].location)
            return false
        }
        for (result, statement) in zip(parsed, statements) {
            var invocation: Invocation
            switch result {
            case .success(let parsed): invocation = parsed
            case .failure(let error):
                fail(error, at: statement[0].location)
                continue
            }
            // Defaults that are settings are read as the command runs, after the ones before it.
            invocation.settings = session.hyper
            let step = session.iteration
            do {
                try invocation.spec.handler(self, invocation)
                record(invocation, statement)
            } catch {
                // A failure that still moved the model (a diverged `train`) stays in the history.
                if session.iteration != step { record(invocation, statement, failed: true) }
                fail(error, at: invocation.location)
                if !keepGoing { return false }
            }
            if quitRequested || wasInterrupted || Interrupt.isRequested { break }
        }
        return ok
    }

    private func record(_ invocation: Invocation, _ tokens: [Token], failed: Bool = false) {
        guard runDepth == 0 else { return }
        history.record(invocation, tokens: tokens, resolve: resolve, failed: failed)
    }

    /// The physical line an error points into, for the caret display.
    static func physicalLine(_ location: SourceLocation, of text: String, from first: Int) -> String? {
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        let index = location.line - first
        return lines.indices.contains(index) ? String(lines[index]) : nil
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
