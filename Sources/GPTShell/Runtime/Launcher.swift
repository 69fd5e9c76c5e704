import Foundation
import GPTEngine

/// What the command line asked for, once swift-argument-parser has read it.
public struct LaunchOptions {
    /// A `-c` string or a script file (`-` for stdin), in the order given.
    public enum Source: Equatable {
        case commands(String)
        case script(String)
    }

    public var sources: [Source]
    /// `--set KEY=VALUE`, as typed.
    public var settings: [String]
    public var keepGoing: Bool
    public var quiet: Bool

    public init(sources: [Source], settings: [String] = [], keepGoing: Bool, quiet: Bool) {
        self.sources = sources
        self.settings = settings
        self.keepGoing = keepGoing
        self.quiet = quiet
    }
}

/// Picks the mode (scripts and `-c` strings, piped stdin or the prompt) and turns the outcome
/// into the exit status: 0 all went well, 1 a command failed, 2 bad usage, 130 interrupted.
public enum Launcher {
    public static func run(_ options: LaunchOptions) -> Int32 {
        Interrupt.install()
        if ProcessInfo.processInfo.environment[ProcessGroup.sizeVariable] != nil { return runRank(options) }
        return run(options, in: Shell(output: .standard(quiet: options.quiet)))
    }

    static func run(_ options: LaunchOptions, in shell: Shell) -> Int32 {
        shell.keepGoing = options.keepGoing
        do { try CommandLineSettings.apply(options.settings, to: shell) } catch {
            shell.output.note("gptsh: \(error)")
            return 2
        }
        if options.sources.isEmpty {
            return isatty(0) == 1 ? interactive(shell) : status(shell.run(stdin()), shell)
        }
        // Every file and string is checked before the first command of any of them runs.
        if !options.keepGoing {
            var clean = true
            for source in options.sources {
                switch source {
                case .commands(let text): clean = shell.check(StringLines(text)) && clean
                case .script("-"): break
                case .script(let path):
                    do {
                        clean = shell.check(try FileDescriptorLines(path: path), in: (path as NSString).deletingLastPathComponent) && clean
                    } catch {
                        shell.output.note("gptsh: \(error)")
                        return 2
                    }
                }
            }
            if !clean { return 1 }
        }
        var last = RunOutcome.finished
        for source in options.sources {
            switch source {
            case .commands(let text):
                last = shell.run(StringLines(text))
            case .script("-"):
                last = shell.run(stdin())
            case .script(let path):
                do {
                    let lines = try FileDescriptorLines(path: path)
                    last = shell.run(lines, from: (path as NSString).deletingLastPathComponent)
                } catch {
                    shell.output.failure("gptsh: \(error)")
                    return 2
                }
            }
            if last == .interrupted || last == .quit || last == .failed && !options.keepGoing { break }
        }
        return status(last, shell)
    }

    private static func stdin() -> LineSource { FileDescriptorLines(fd: 0, name: "<stdin>") }

    private static func status(_ outcome: RunOutcome, _ shell: Shell) -> Int32 {
        switch outcome {
        case .interrupted:
            shell.output.note("gptsh: interrupted")
            return 130
        case .failed: return 1
        case .finished, .quit: return shell.failures > 0 ? 1 : 0
        }
    }

    /// Mistakes typed at the prompt are part of working there, so leaving it is success.
    private static func interactive(_ shell: Shell) -> Int32 {
        let history = History.fromEnvironment()
        history?.load()
        Readline.configure(completer: Completer(parser: shell.parser))
        shell.promptReader = Readline.readLine
        shell.output.info("gptsh \(Shell.version): `help` lists the commands; Ctrl-C stops training; Ctrl-D leaves")
        let echo = ControlEcho.silenced()
        _ = shell.run(ReadlineLines(history: history), interactive: true)
        echo.restore()
        history?.trim()
        return 0
    }
}
