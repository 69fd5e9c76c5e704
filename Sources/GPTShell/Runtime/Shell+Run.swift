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
                let ok = execute(tokens, text: text, line: line)
                if Interrupt.isRequested { wasInterrupted = true }
                if quitRequested { return .quit }
                if wasInterrupted {
                    if !interactive { return .interrupted }
                    wasInterrupted = false
                    Interrupt.clear()
                }
                if !ok {
                    failed = true
                    failures += 1
                    if !interactive && !keepGoing { return .failed }
                }
            }
        }
    }

    /// Runs a script file with relative paths resolved from its directory.
    public func runScript(at path: String, displayName: String? = nil) throws -> RunOutcome {
        let lines = try FileDescriptorLines(path: path, name: displayName ?? path)
        directories.append((path as NSString).deletingLastPathComponent)
        defer { directories.removeLast() }
        return run(lines)
    }

    /// Runs one logical line: every statement is parsed and checked before the first runs.
    func execute(_ tokens: [Token], text: String, line: Int) -> Bool {
        let statements = CommandParser.statements(tokens)
        let invocations: [Invocation]
        do {
            invocations = try statements.map(parser.parse)
        } catch {
            let located = ShellError(error, at: tokens[0].location)
            output.error(located, sourceLine: Self.physicalLine(located.location, of: text, from: line))
            return false
        }
        for (invocation, statement) in zip(invocations, statements) {
            let step = session.iteration
            do {
                try invocation.spec.handler(self, invocation)
            } catch {
                // A failure that still moved the model (a diverged `train`) stays in the history.
                if session.iteration != step { record(invocation, statement, failed: true) }
                if error is AlreadyReported { return false }
                let located = ShellError(error, at: invocation.location)
                output.error(located, sourceLine: Self.physicalLine(located.location, of: text, from: line))
                return false
            }
            record(invocation, statement)
            if quitRequested || wasInterrupted || Interrupt.isRequested { break }
        }
        return true
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
