import Foundation
import GPTEngine

/// What the command line asked for, once swift-argument-parser has read it.
public struct LaunchOptions {
    public var scripts: [String]
    public var command: String?
    public var keepGoing: Bool
    public var quiet: Bool

    public init(scripts: [String], command: String?, keepGoing: Bool, quiet: Bool) {
        self.scripts = scripts
        self.command = command
        self.keepGoing = keepGoing
        self.quiet = quiet
    }
}

/// Picks the mode (scripts, `-c`, piped stdin or the prompt) and turns the outcome into the
/// exit status: 0 all went well, 1 a command failed, 2 bad usage, 130 interrupted.
public enum Launcher {
    public static func run(_ options: LaunchOptions) -> Int32 {
        Interrupt.install()
        if ProcessInfo.processInfo.environment[ProcessGroup.sizeVariable] != nil { return runRank(options) }
        return run(options, in: Shell(output: .standard(quiet: options.quiet)))
    }

    static func run(_ options: LaunchOptions, in shell: Shell) -> Int32 {
        shell.keepGoing = options.keepGoing
        if let command = options.command {
            return status(shell.run(StringLines(command, name: "<command>")), shell)
        }
        if options.scripts.isEmpty {
            return isatty(0) == 1 ? interactive(shell) : status(shell.run(stdin()), shell)
        }
        var last = RunOutcome.finished
        for script in options.scripts {
            if script == "-" {
                last = shell.run(stdin())
            } else {
                do {
                    last = try shell.runScript(at: script)
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
        _ = shell.run(ReadlineLines(history: history), interactive: true)
        history?.trim()
        return 0
    }
}
