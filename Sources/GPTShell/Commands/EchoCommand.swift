extension CommandSpec {
    static let echo = CommandSpec(
        ["echo"],
        arguments: [ArgumentSpec("TEXT", .text, optional: true, "words and strings, printed as written")],
        summary: "print a line",
        example: "echo \"training the small model\"",
        handler: { shell, command in shell.output.result(command.restText) })
}
