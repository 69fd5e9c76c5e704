import GPTEngine

extension CommandSpec {
    static let tokenizerChar = CommandSpec(
        ["tokenizer", "char"],
        summary: "one token per distinct character of the corpus",
        details: """
            Builds the vocabulary from the loaded corpus, as nanoGPT's shakespeare_char does, and encodes \
            the corpus. A corpus split into documents (`load corpus PATH sep=...`) adds <|endoftext|> as \
            one token after the characters.
            """,
        example: "tokenizer char",
        handler: { shell, _ in
            guard let tokenizer = try shell.interruptible("tokenizer char", {
                try shell.session.buildCharTokenizer(shouldStop: shell.shouldStop)
            }) else { return }
            try TokenizerCommand.adopt(tokenizer, in: shell, as: "tokenizer char")
        })
}
