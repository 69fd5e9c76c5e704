/// Scoring a whole part of the loaded corpus, the measure `tang.gpt` reports: unlike `evaluate`,
/// which averages random batches, it predicts every token once, and its bits per byte compare
/// runs with different tokenizers.
extension Session {
    public enum Split: String, CaseIterable, Sendable {
        case train, val
    }

    /// Scores the split's tokens as encoded when the tokenizer was set (no re-encoding).
    public func score(split: Split, shouldStop: () -> Bool = { false }) throws -> ScoreResult {
        let (model, _) = try requireModel()
        guard let corpus, let stream = split == .train ? trainTokens : valTokens else {
            throw encodingFailure ?? EngineError.missing(.data)
        }
        if let pairs = stream.pairs, let texts = corpus.pairs.map({ split == .train ? $0.train : $0.val }) {
            return try scorePairs(split, stream, pairs, texts: texts, model: model, shouldStop: shouldStop)
        }
        let text = split == .train ? corpus.parts.train : corpus.parts.val
        let ids = UnsafeBufferPointer(start: stream.pointer, count: stream.count)
        return try score(ids: ids, bytes: ScoreResult.byteCount(of: String(text)), model: model, shouldStop: shouldStop)
    }
}
