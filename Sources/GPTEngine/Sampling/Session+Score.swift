import Foundation

public struct ScoreResult: Sendable {
    public var tokens: Int
    public var bytes: Int
    /// Mean cross-entropy in nats per predicted token.
    public var loss: Double
    public var perplexity: Double { exp(loss) }
    /// Total bits over the text's UTF-8 bytes: comparable across tokenizers.
    public var bitsPerByte: Double { loss * Double(tokens) / log(2) / Double(max(bytes, 1)) }
}

extension Session {
    /// How well the model predicts `text`: every token after the first is predicted once, from
    /// consecutive windows of up to `block_size` tokens. `shouldStop` is polled before each
    /// window; a stop throws `EngineError.interrupted`.
    public func score(_ text: String, shouldStop: () -> Bool = { false }) throws -> ScoreResult {
        let (model, _) = try requireModel()
        guard let tokenizer else { throw EngineError.missing(.tokenizer) }
        let ids = try tokenizer.encode(text)
        return try ids.withUnsafeBufferPointer { try score(ids: $0, bytes: ScoreResult.byteCount(of: text), model: model, shouldStop: shouldStop) }
    }

    func score(ids: UnsafeBufferPointer<Int32>, bytes: Int, model: GPT,
               shouldStop: () -> Bool) throws -> ScoreResult {
        guard ids.count >= 2 else { throw EngineError.invalidArgument("the text must be at least two tokens long to score") }
        let T = model.config.blockSize
        var total = 0.0
        var predicted = 0
        var start = 0
        while start + 1 < ids.count {
            if shouldStop() { throw EngineError.interrupted }
            let n = min(T, ids.count - 1 - start)
            let loss = model.forward(idx: ids.baseAddress! + start, targets: ids.baseAddress! + start + 1, B: 1, T: n)
            total += Double(loss) * Double(n)
            predicted += n
            start += n
        }
        return ScoreResult(tokens: predicted, bytes: bytes, loss: total / Double(predicted))
    }
}

extension ScoreResult {
    /// The UTF-8 bytes of `text`, with each `<|endoftext|>` counted as one byte: it stands for
    /// a document break, and its 13 letters would add bytes that cost next to nothing to predict.
    public static func byteCount(of text: String) -> Int {
        let marker = SpecialToken.endOfText
        let occurrences = text.components(separatedBy: marker).count - 1
        return text.utf8.count - occurrences * (marker.utf8.count - 1)
    }
}
