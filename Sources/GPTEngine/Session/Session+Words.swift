/// The word tokenizer and pretrained word vectors: `tokenizer words [vectors=PATH]` and
/// `init vectors=PATH`.
extension Session {
    /// Where a word tokenizer's Chinese words came from.
    public struct WordDictionaryReport: Equatable, Sendable {
        /// nil: discovered in the corpus.
        public let file: WordVectorFileSummary?
        /// Distinct dictionary words the segmentation of the training text used.
        public let words: Int
    }

    /// A word vocabulary built from the corpus's training part. With `vectorsPath`, the Chinese
    /// words maximum matching may use are the file's words that occur in that text; the file
    /// is streamed and only those words are kept.
    public func buildWordTokenizer(vectorsPath: String? = nil, minCount: Int = 1) throws -> (WordTokenizer, WordDictionaryReport) {
        guard let corpus else { throw EngineError.missing(.corpus) }
        guard minCount >= 1 else { throw EngineError.invalidArgument("min_count must be at least 1, got \(minCount)") }
        let train = String(corpus.parts.train)
        var dictionary: Set<String>?
        var file: WordVectorFileSummary?
        if let vectorsPath {
            let grams = IdeographNGrams(train)
            var words = Set<String>()
            file = try WordVectorFile.read(path: vectorsPath) { word, _ in
                if grams.mayContain(word) { words.insert(word) }
            }
            dictionary = words
        }
        let (tokenizer, used) = try WordVocabularyBuilder(minCount: minCount).build(text: train, dictionary: dictionary)
        return (tokenizer, WordDictionaryReport(file: file, words: used))
    }

    /// A fresh model, as `initModel`, whose `wte` rows start from pretrained word vectors where
    /// the file has the token's word. The session changes only if the file reads whole.
    @discardableResult
    public func initModel(seed: Int? = nil, settings: [(String, Double)] = [], vectorsPath: String) throws -> (GPT, WordVectorCoverage) {
        let (model, h) = try freshModel(seed: seed, settings: settings)
        let coverage = try model.applyWordVectors(path: vectorsPath, tokenizer: tokenizer!, seed: UInt64(h.seed))
        adopt(model, hyper: h)
        return (model, coverage)
    }
}
