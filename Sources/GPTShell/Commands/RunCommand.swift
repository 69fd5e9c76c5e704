extension CommandSpec {
    static let run = CommandSpec(
        ["run"],
        arguments: [ArgumentSpec("PATH", .path, "a .gpt script")],
        summary: "replay another script in this session",
        details: "Paths in a script are relative to the script's own directory.",
        example: "run experiments/base.gpt",
        handler: RunCommand.run)
}

enum RunCommand {
    /// Deep enough for any real nesting, shallow enough to stop a script that runs itself.
    static let maxDepth = 32

    static func run(_ shell: Shell, _ command: Invocation) throws {
        guard shell.directories.count < maxDepth else {
            throw ShellError("scripts are nested more than \(maxDepth) deep (does a script run itself?)", at: command.location)
        }
        let path = shell.resolve(command.text("PATH")!)
        let outcome: RunOutcome
        shell.runDepth += 1
        defer { shell.runDepth -= 1 }
        do {
            outcome = try shell.runScript(at: path)
        } catch let error as ShellInputError {
            throw ShellError(error.description, at: command.location(of: "PATH"))
        }
        switch outcome {
        case .failed: throw AlreadyReported()
        case .interrupted: shell.noteInterrupted()
        case .finished, .quit: break
        }
    }
}
