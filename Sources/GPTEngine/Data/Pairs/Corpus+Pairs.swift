/// `load pairs`: the pairs split into training and validation, the last `val` fraction of
/// them held out, as `load corpus` holds out the end of a text.
public struct PairSplit: Sendable {
    public let all: [PromptPair]
    public let trainCount: Int
    public let format: PromptFormat
    /// Characters of the training pairs' text, where `Corpus.parts` cuts.
    let trainCharacters: Int

    public var train: ArraySlice<PromptPair> { all[..<trainCount] }
    public var val: ArraySlice<PromptPair> { all[trainCount...] }
}

extension Corpus {
    /// A corpus of prompt/response pairs: its text is every pair in `format`, so that tokenizers
    /// are built from what training sees, and it counts each pair as a document.
    public init(pairsAt path: String, pairs: [PromptPair], valFraction: Double, format: PromptFormat = .standard) throws {
        guard (0..<1).contains(valFraction) else {
            throw EngineError.invalidArgument("val must be at least 0 and below 1, got \(valFraction)")
        }
        let valCount = Int((Double(pairs.count) * valFraction).rounded(.down))
        let trainCount = pairs.count - valCount
        let texts = pairs.map(format.text(of:))
        let trainText = texts[..<trainCount].joined()
        self.path = path
        text = trainText + texts[trainCount...].joined()
        self.valFraction = valFraction
        characterCount = text.count
        distinctCharacters = Set(text).count
        documents = pairs.count
        separator = nil
        self.pairs = PairSplit(all: pairs, trainCount: trainCount, format: format, trainCharacters: trainText.count)
    }

    /// Reads a pairs file (see `PairsFile`) into a corpus.
    public init(pairsPath path: String, valFraction: Double, kind: PairsFile.Kind? = nil) throws {
        try self.init(pairsAt: path, pairs: try PairsFile.read(path: path, kind: kind), valFraction: valFraction)
    }
}
