import ArgumentParser
import Foundation
import GPTShell

struct GPTSH: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gptsh",
        abstract: "A shell for training GPT models on the CPU.",
        discussion: """
            With no arguments and a terminal, gptsh opens a prompt. Scripts run in order in one \
            session; `-` reads commands from stdin, as does piped input. Exit status: 0 when every \
            command succeeded, 1 when one failed, 2 for bad usage, 130 when interrupted.
            """,
        version: Shell.version)

    @Flag(name: .shortAndLong, help: "Continue after a command fails.")
    var keepGoing = false

    @Flag(name: .shortAndLong, help: "Print results only: no progress or confirmations.")
    var quiet = false

    @Option(name: .customShort("c"), help: ArgumentHelp("Run these commands.", valueName: "commands"))
    var command: String?

    @Argument(help: ArgumentHelp("Scripts to replay (`-` for stdin).", valueName: "script.gpt"))
    var scripts: [String] = []

    func validate() throws {
        if command != nil && !scripts.isEmpty {
            throw ValidationError("give either -c or script files, not both")
        }
    }
}

// Usage errors exit with 2, as shells do, rather than ArgumentParser's 64.
do {
    let arguments = try GPTSH.parse()
    exit(Launcher.run(LaunchOptions(scripts: arguments.scripts, command: arguments.command,
                                    keepGoing: arguments.keepGoing, quiet: arguments.quiet)))
} catch {
    if GPTSH.exitCode(for: error) == .success {
        print(GPTSH.fullMessage(for: error))
        exit(0)
    }
    FileHandle.standardError.write(Data((GPTSH.fullMessage(for: error) + "\n").utf8))
    exit(2)
}
