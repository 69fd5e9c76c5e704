import GPTEngine

extension CommandSpec {
    static let sample = CommandSpec(
        ["sample"],
        arguments: [ArgumentSpec("N", .integer(1...10_000_000), "the number of tokens to generate")],
        options: [
            OptionSpec("prompt", .text, "\"TEXT\"", default: "a newline", "the text to continue"),
            OptionSpec("temperature", .real(0...100), "T", default: "1.0", "below 1 is more conservative; 0 is greedy"),
            OptionSpec("top_k", .integer(0...Int.max), "K", default: "0 (off)", "draw only from the K likeliest tokens"),
            OptionSpec("seed", .integer(0...Int.max), "S", default: "the session's generator", "makes the sample reproducible"),
        ],
        summary: "generate N tokens after a prompt, streamed as they come",
        details: "The prompt is printed first, then each token as soon as it forms whole characters. Ctrl-C stops it.",
        example: "sample 200 prompt=\"ROMEO:\" temperature=0.8 top_k=40",
        handler: SampleCommand.run)
}

enum SampleCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let tokens = command.integer("N")!
        let prompt = command.text("prompt")
        let options = SampleOptions(tokens: tokens, prompt: prompt, temperature: command.real("temperature") ?? 1,
                                    topK: command.integer("top_k") ?? 0, seed: command.integer("seed"))
        // The prompt waits for the first token so that a refused prompt prints nothing.
        var pending = prompt ?? ""
        let generated: [Int32]
        do {
            generated = try shell.session.sample(options, emit: { text in
                shell.output.stream(pending + text)
                pending = ""
            }, shouldStop: shell.shouldStop).tokens
        } catch let error as TokenizerError {
            throw ShellError("the prompt has a " + error.description, at: command.location(of: "prompt"))
        }
        shell.output.stream(pending)
        shell.output.finishLine()
        if generated.count < tokens {
            shell.output.note("interrupted after \(generated.count) of \(tokens) tokens")
            shell.noteInterrupted()
        }
    }
}
