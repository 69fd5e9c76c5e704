/// Building the byte and BPE tokenizers from the session's corpus, and rebuilding any
/// tokenizer from the state a checkpoint stored.
extension Session {
    public func buildByteTokenizer() -> ByteTokenizer { ByteTokenizer() }

    /// Trains a BPE with `vocabSize − 256` merges on the corpus's training part (the
    /// validation part stays unseen). `pattern` is gpt2, gpt4 or none; `splitsIdeographs`
    /// turns on the CJK rule (see `PreTokenizer`). `progress` gets (merges done, wanted).
    public func buildBPETokenizer(vocabSize: Int, pattern: String = PreTokenizer.Pattern.gpt2.rawValue,
                                  splitsIdeographs: Bool = true,
                                  progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
                                  shouldStop: () -> Bool = { false }) throws -> BPETokenizer {
        guard let corpus else { throw EngineError.missing(.corpus) }
        guard let base = PreTokenizer.Pattern(rawValue: pattern) else {
            let names = PreTokenizer.Pattern.allCases.map(\.rawValue).joined(separator: ", ")
            throw EngineError.invalidArgument("unknown pattern '\(pattern)': expected one of \(names)")
        }
        guard vocabSize >= 256 else {
            throw EngineError.invalidArgument("vocab must be at least 256 (the bytes), got \(vocabSize)")
        }
        let trainer = BPETrainer(preTokenizer: PreTokenizer(pattern: base, splitsIdeographs: splitsIdeographs))
        return try trainer.train(String(corpus.parts.train), vocabSize: vocabSize, progress: progress, shouldStop: shouldStop)
    }
}

/// The tokenizer `state` describes, for loading checkpoints.
public func makeTokenizer(from state: TokenizerState) throws -> any Tokenizer {
    switch state.kind {
    case "char":
        let strings = state.characters ?? []
        let characters = try strings.map { s -> Character in
            guard s.count == 1, let c = s.first else { throw TokenizerError.invalid("char tokenizer entry '\(s)' is not one character") }
            return c
        }
        guard Set(characters).count == characters.count else { throw TokenizerError.invalid("char tokenizer lists a character twice") }
        let specials = (state.specials ?? [:]).sorted { $0.value < $1.value }
        for (i, special) in specials.enumerated() where special.value != Int32(characters.count + i) {
            throw TokenizerError.invalid("char tokenizer's special token \(special.key) has id \(special.value), not \(characters.count + i)")
        }
        return CharTokenizer(characters: characters, specials: specials.map(\.key))
    case "byte":
        return try ByteTokenizer(state: state)
    case "bpe":
        return try BPETokenizer(state: state)
    case "words":
        return try WordTokenizer(state: state)
    default:
        throw TokenizerError.invalid("unknown tokenizer kind '\(state.kind)': expected char, byte, bpe or words")
    }
}
