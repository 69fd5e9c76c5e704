import ArgumentParser
import Foundation
import GPTShell

struct GPTSH: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gptsh",
        abstract: "A shell for training GPT models on the CPU.",
        discussion: """
            With no arguments and a terminal, gptsh opens a prompt. Scripts and -c strings run in \
            the order given, in one session, each checked whole before the first command runs; `-` \
            reads commands from stdin, as does piped input. Exit status: 0 when every command \
            succeeded, 1 when one failed, 2 for bad usage, 130 when interrupted.
            """,
        version: Shell.version)

    @Flag(name: .shortAndLong, help: "Continue after a command fails, with the next command on the same line or the next.")
    var keepGoing = false

    @Flag(name: .shortAndLong, help: "Print results only: no progress or confirmations.")
    var quiet = false

    @Option(name: .customShort("c"), help: ArgumentHelp("Run these commands (may be repeated).", valueName: "commands"))
    var commands: [String] = []

    @Option(name: .customLong("set"), help: ArgumentHelp(
        "Set a hyperparameter, winning over the scripts' own `set` of it (may be repeated).", valueName: "key=value"))
    var settings: [String] = []

    @Argument(help: ArgumentHelp("Scripts to replay (`-` for stdin).", valueName: "script.gpt"))
    var scripts: [String] = []
}

/// The `-c` strings and scripts in the order the command line gave them: ArgumentParser keeps
/// each kind in order but not the two interleaved, so the raw arguments say which came first.
func sources(_ parsed: GPTSH, raw: [String]) -> [LaunchOptions.Source] {
    var commands = parsed.commands[...], scripts = parsed.scripts[...]
    var out: [LaunchOptions.Source] = []
    var i = 0, afterDashes = false
    while i < raw.count {
        let arg = raw[i]
        i += 1
        if !afterDashes && arg == "--" {
            afterDashes = true
        } else if !afterDashes && arg == "--set" {
            i += 1
        } else if !afterDashes && arg.hasPrefix("-") && arg != "-" {
            // `-c X`, `-kc X` and `-cX` all give a command; `--set=X` and flags give none.
            if !arg.hasPrefix("--"), let c = arg.firstIndex(of: "c"), let command = commands.popFirst() {
                out.append(.commands(command))
                if arg.index(after: c) == arg.endIndex { i += 1 }
            }
        } else if let script = scripts.popFirst() {
            out.append(.script(script))
        }
    }
    return out + commands.map { .commands($0) } + scripts.map { .script($0) }
}

// Usage errors exit with 2, as shells do, rather than ArgumentParser's 64.
do {
    let arguments = try GPTSH.parse()
    let raw = Array(CommandLine.arguments.dropFirst())
    exit(Launcher.run(LaunchOptions(sources: sources(arguments, raw: raw), settings: arguments.settings,
                                    keepGoing: arguments.keepGoing, quiet: arguments.quiet)))
} catch {
    if GPTSH.exitCode(for: error) == .success {
        print(GPTSH.fullMessage(for: error))
        exit(0)
    }
    FileHandle.standardError.write(Data((GPTSH.fullMessage(for: error) + "\n").utf8))
    exit(2)
}
