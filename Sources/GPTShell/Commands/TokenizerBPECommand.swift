import GPTEngine

extension CommandSpec {
    static let tokenizerBPE = CommandSpec(
        ["tokenizer", "bpe"],
        options: [
            OptionSpec("vocab", .integer(256...1_000_000), "N", "256 bytes plus N − 256 merges learned from the corpus (required)"),
            OptionSpec("pattern", .choice(PreTokenizer.Pattern.allCases.map(\.rawValue)), "gpt2|gpt4|none",
                       default: .value(.text(PreTokenizer.Pattern.gpt2.rawValue)),
                       "how text is cut into chunks that merges never cross"),
            OptionSpec("cjk", .boolean, "true|false", default: .value(.boolean(true)),
                       "each CJK ideograph a chunk of its own, so Chinese trains fast and tokens stay whole characters"),
        ],
        usage: "tokenizer bpe vocab=N [pattern=gpt2|gpt4|none] [cjk=true|false]",
        summary: "a byte-level BPE trained on the corpus, as GPT-2's",
        details: """
            Learns merges on the training part of the corpus (the validation part stays unseen), \
            deterministically, then encodes the corpus. <|endoftext|> takes the id after the merges. \
            On a terminal the merges' progress is shown as they are learned.
            """,
        example: "tokenizer bpe vocab=2000 pattern=gpt4",
        handler: TokenizerBPECommand.run)
}

enum TokenizerBPECommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        guard let vocab = command.integer("vocab") else {
            throw ShellError("`tokenizer bpe` needs vocab=N, the vocabulary size (at least 256)", at: command.end)
        }
        let built = try shell.interruptible("tokenizer bpe") {
            defer { shell.output.status(nil) }
            return try shell.session.buildBPETokenizer(
                vocabSize: vocab, pattern: command.text("pattern")!, splitsIdeographs: command.flag("cjk")!,
                progress: { done, total in
                    shell.output.status("bpe: \(Format.grouped(done)) of \(Format.grouped(total)) merges")
                },
                shouldStop: shell.shouldStop)
        }
        guard let tokenizer = built else { return }
        let learned = tokenizer.merges.count
        if learned < vocab - 256 {
            shell.output.info("the corpus ran out of pairs to merge after \(Format.grouped(learned)) of \(Format.grouped(vocab - 256)) merges")
        }
        try TokenizerCommand.adopt(tokenizer, in: shell, as: "tokenizer bpe")
    }
}
