/// Learns byte-level BPE merges from a text, deterministically and incrementally: distinct
/// chunks are counted once, each merge touches only the positions where its pair occurs, and
/// a lazy heap finds the most frequent pair without scanning them all.
public struct BPETrainer {
    public var preTokenizer: PreTokenizer
    /// Never learned from: the text is cut around them, and they take the ids after the merges.
    public var specials: [String]

    public init(preTokenizer: PreTokenizer, specials: [String] = [SpecialToken.endOfText]) {
        self.preTokenizer = preTokenizer
        self.specials = specials
    }

    /// Learns `vocabSize − 256` merges (fewer if the text runs out of pairs). `progress`
    /// gets (merges done, merges wanted) at most once per percent, and at the end.
    /// `shouldStop` is polled after counting the chunks and before each merge; a stop throws
    /// `EngineError.interrupted`.
    public func train(_ text: String, vocabSize: Int,
                      progress: ((_ done: Int, _ total: Int) -> Void)? = nil,
                      shouldStop: () -> Bool = { false }) throws -> BPETokenizer {
        guard vocabSize >= 256 else {
            throw TokenizerError.invalid("a byte-level BPE vocabulary has at least the 256 bytes; got \(vocabSize)")
        }
        let total = vocabSize - 256
        var state = MergeState(chunks: countChunks(text))
        var pairs: [(Int32, Int32)] = []
        pairs.reserveCapacity(total)
        var reported = -1
        while pairs.count < total {
            if shouldStop() { throw EngineError.interrupted }
            guard let pair = state.mergeBest(newId: Int32(256 + pairs.count)) else { break }
            pairs.append(pair)
            let percent = pairs.count * 100 / max(total, 1)
            if percent != reported || pairs.count == total {
                reported = percent
                progress?(pairs.count, total)
            }
        }
        if pairs.count < total { progress?(pairs.count, pairs.count) }
        return try BPETokenizer(mergedPairs: pairs, specials: specials, preTokenizer: preTokenizer)
    }

    /// Each distinct chunk once, with how often it occurs, in order of first occurrence.
    func countChunks(_ text: String) -> ChunkTable {
        var text = text
        var table = ChunkTable(capacity: 1 << 16)
        let matcher = SpecialTokenMatcher(Dictionary(specials.map { ($0, 0) }, uniquingKeysWith: { a, _ in a }))
        text.withUTF8 { bytes in
            matcher.split(bytes, plain: { range in
                let part = UnsafeBufferPointer(rebasing: bytes[range])
                preTokenizer.forEachChunk(part) { chunk in
                    let e = table.findOrInsert(UnsafeBufferPointer(rebasing: part[chunk]), value: 0)
                    table.values[e] += 1
                }
            }, special: { _ in })
        }
        return table
    }
}
