extension CommandSpec {
    static let echo = CommandSpec(
        ["echo"],
        arguments: [ArgumentSpec("TEXT", .words, optional: true, "words and strings, printed as written")],
        changesSession: .never,
        summary: "print a line",
        example: "echo \"training the small model\"",
        handler: { shell, command in shell.output.result(command.restText) })
}
