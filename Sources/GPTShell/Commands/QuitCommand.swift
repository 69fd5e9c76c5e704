extension CommandSpec {
    static let quit = CommandSpec(
        ["quit"],
        aliases: ["exit"],
        changesSession: .never,
        summary: "leave gptsh",
        details: "Ends scripts too, including those that ran this one. Ctrl-D at the prompt does the same.",
        example: "quit",
        handler: { shell, _ in shell.requestQuit() })
}
