import GPTEngine

extension CommandSpec {
    static let tokenizerWords = CommandSpec(
        ["tokenizer", "words"],
        options: [
            OptionSpec("vectors", .path, "PATH", "a word2vec (text or binary) or GloVe file whose words are the Chinese dictionary"),
            OptionSpec("min_count", .integer(1...100_000_000), "N", default: .value(.integer(1)),
                       "words and characters rarer than this in the training text fall back to characters, then bytes"),
        ],
        summary: "word-level tokens, Chinese cut by dictionary maximum matching",
        details: """
            English and other spaced text is cut into words (each with the space before it), runs of \
            white space and single punctuation marks; a run of Chinese ideographs is cut by forward maximum \
            matching over a dictionary: the words of the vector file, or without one words found in the \
            corpus (two to four ideographs that occur at least min_count times and together far more often \
            than chance). Pieces and characters seen at least min_count times in the training part become \
            tokens; anything else falls back to characters, then UTF-8 bytes, so every text encodes and \
            decodes back exactly. <|endoftext|> takes the last id.
            """,
        example: "tokenizer words vectors=data/seed-vectors.txt min_count=2",
        handler: TokenizerWordsCommand.run)
}

enum TokenizerWordsCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let path = command.text("vectors").map(shell.resolve)
        let (tokenizer, report): (WordTokenizer, Session.WordDictionaryReport)
        do {
            (tokenizer, report) = try shell.session.buildWordTokenizer(vectorsPath: path, minCount: command.integer("min_count")!)
        } catch let error as EngineError where path != nil && shell.session.corpus != nil {
            // With a corpus loaded, what can fail is the vector file.
            throw ShellError(error, at: command.location(of: "vectors"))
        }
        if let file = report.file, let path {
            shell.output.info("dictionary: \(Format.grouped(report.words)) of the \(Format.grouped(file.words)) words of \(path) "
                + "(\(file.format.rawValue), \(file.dimension) dimensions) occur in the training text")
        } else {
            shell.output.info("dictionary: \(Format.counted(report.words, "word")) of two to four ideographs found in the training text")
        }
        try TokenizerCommand.adopt(tokenizer, in: shell, as: "tokenizer words")
    }
}
