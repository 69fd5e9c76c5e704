import GPTEngine

extension CommandSpec {
    static let sample = CommandSpec(
        ["sample"],
        arguments: [ArgumentSpec("N", .integer(1...10_000_000), "the number of tokens to generate")],
        options: [OptionSpec("prompt", .textOrFile, "\"TEXT\"|@FILE", default: .described("<|endoftext|> if the tokenizer has it, else a newline"),
                             "the text to continue; unquoted @FILE reads it from a file")]
            + SamplingControls.options
            + [
                OptionSpec("seed", .integer(0...Int.max), "S", default: .described("the session's generator"),
                           "makes the sample reproducible; with count=C, sample i uses S+i"),
                OptionSpec("count", .integer(1...10_000), "C", default: .value(.integer(1)), "draw C samples, separated by `---` lines"),
                OptionSpec("cache", .boolean, "true|false", default: .value(.boolean(true)),
                           "false recomputes the whole window for every token (to compare)"),
            ],
        usage: "sample N [prompt=\"TEXT\"|@FILE] [temperature=T] [OPTION=VALUE ...]",
        summary: "generate N tokens after a prompt, streamed as they come",
        details: "The prompt is printed first, then each token as soon as it forms whole characters. Ctrl-C stops it.",
        example: "sample 200 prompt=\"ROMEO:\" temperature=0.8 top_k=40 count=3 stop=\"\\n\\n\"",
        handler: SampleCommand.run)
}

enum SampleCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        guard shell.isPrimary else { return }
        let prompt = try command.options["prompt"].map { try TextOrFile.read($0, in: shell) }
        var options = SampleOptions(tokens: command.integer("N")!, prompt: prompt)
        try SamplingControls.apply(command, to: &options, in: shell)
        options.useCache = command.flag("cache")!
        let count = command.integer("count")!
        for i in 0..<count {
            if i > 0 { shell.output.result("---") }
            options.seed = command.integer("seed").map { $0 &+ i }
            let result: SampleResult
            do {
                result = try SamplingControls.stream(options, prefix: prompt ?? "", in: shell)
            } catch let error as TokenizerError {
                throw ShellError(Messages.unknownCharacter(in: "the prompt", error), at: command.location(of: "prompt"))
            }
            if SamplingControls.wasInterrupted(result, options) {
                let which = count > 1 ? " (sample \(i + 1) of \(count))" : ""
                shell.output.note("interrupted after \(result.tokens.count) of \(options.tokens) tokens\(which)")
                shell.noteInterrupted()
                return
            }
        }
    }
}
