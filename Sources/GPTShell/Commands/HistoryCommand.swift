import Foundation

extension CommandSpec {
    static let history = CommandSpec(
        ["history"],
        summary: "list the commands this session ran",
        details: "Numbered, as typed. A failed command that still changed the session (a train that diverged) is marked.",
        example: "history",
        handler: { shell, _ in
            for (i, entry) in shell.history.entries.enumerated() {
                let number = String(i + 1)
                let mark = entry.failed ? "  (failed)" : ""
                shell.output.result(String(repeating: " ", count: max(0, 4 - number.count)) + number + "  " + entry.typed + mark)
            }
        })

    static let historySave = CommandSpec(
        ["history", "save"],
        arguments: [ArgumentSpec("PATH", .path, "the .gpt script to write")],
        summary: "write the session's commands as a script that replays it",
        details: """
            Commands that only show something (help, show, history, plot without a file, set without \
            a value) are left out; paths become absolute, so the script runs from anywhere. An \
            interrupted train is written with the steps it took.
            """,
        example: "history save runs/session.gpt",
        handler: HistoryCommand.save)
}

enum HistoryCommand {
    static func save(_ shell: Shell, _ command: Invocation) throws {
        guard shell.isPrimary else { return }
        let path = shell.resolve(command.text("PATH")!)
        var script = "#!/usr/bin/env gptsh\n# Written by `history save`: replays a gptsh session's commands in order.\n"
        var count = 0
        for entry in shell.history.entries {
            guard let replay = entry.replay else { continue }
            if entry.failed {
                script += "# failed, but kept the steps it took before failing; a replay differs from here on:\n# \(replay)\n"
            } else {
                script += replay + "\n"
                count += 1
            }
        }
        do {
            try Data(script.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            chmod(path, 0o755)
        } catch {
            throw ShellError("cannot write '\(path)': \(error.localizedDescription)", at: command.location(of: "PATH"))
        }
        shell.output.info("wrote \(Format.counted(count, "command")) to \(path)")
    }
}
