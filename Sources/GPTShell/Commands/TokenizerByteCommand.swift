import GPTEngine

extension CommandSpec {
    static let tokenizerByte = CommandSpec(
        ["tokenizer", "byte"],
        summary: "the 256 bytes and <|endoftext|>: no text is ever unknown to it",
        details: "Needs no training; a corpus, if loaded, is encoded with it.",
        example: "tokenizer byte",
        handler: { shell, _ in
            try TokenizerCommand.adopt(shell.session.buildByteTokenizer(), in: shell, as: "tokenizer byte")
        })
}
