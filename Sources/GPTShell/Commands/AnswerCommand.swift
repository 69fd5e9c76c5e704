import GPTEngine

extension CommandSpec {
    static let answer = CommandSpec(
        ["answer"],
        arguments: [ArgumentSpec("TEXT", .textOrFile, "the prompt, as in the pairs trained on; @FILE reads it from a file")],
        options: [OptionSpec("tokens", .integer(1...10_000_000), "N", default: .described("block_size"), "the most tokens of the response")]
            + SamplingControls.options.filter { $0.name != "stop" }
            + [OptionSpec("seed", .integer(0...Int.max), "S", default: .described("the session's generator"), "makes the answer reproducible")],
        changesSession: .never,
        usage: "answer \"TEXT\"|@FILE [tokens=N] [temperature=T] [top_k=K] [top_p=P] [seed=S]",
        summary: "the response of a model trained on pairs to a prompt, up to its <|endoftext|>",
        details: """
            TEXT is put in the format the pairs were trained in (TEXT, a newline) and the model's \
            continuation is printed until it ends the response with <|endoftext|>. The format comes \
            from the loaded pairs, or from the checkpoint of a model trained on them.
            """,
        example: "answer \"静夜思\" temperature=0",
        handler: AnswerCommand.run)
}

enum AnswerCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        guard shell.isPrimary else { return }
        let argument = command.arguments["TEXT"]!
        let prompt = try TextOrFile.read(argument, in: shell)
        guard let model = shell.session.model else { throw EngineError.missing(.model) }
        var options = SampleOptions(tokens: command.integer("tokens") ?? model.config.blockSize)
        try SamplingControls.apply(command, to: &options, in: shell)
        options.seed = command.integer("seed")
        var result: SampleResult?
        do {
            result = try shell.session.answer(prompt, options: options, emit: shell.output.stream, shouldStop: shell.shouldStop)
        } catch let error as TokenizerError {
            throw ShellError(Messages.unknownCharacter(in: "the prompt", error), at: argument.location)
        }
        shell.output.finishLine()
        guard let result else { return }
        if SamplingControls.wasInterrupted(result, options) {
            shell.output.note("interrupted after \(Format.counted(result.tokens.count, "token"))")
            shell.noteInterrupted()
        } else if result.stoppedBy == nil {
            shell.output.note("no \(SpecialToken.endOfText) within \(Format.counted(options.tokens, "token")): the response may go on (raise tokens=)")
        }
    }
}
