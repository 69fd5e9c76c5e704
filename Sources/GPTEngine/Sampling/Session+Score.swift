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
    /// consecutive windows of up to `block_size` tokens.
    public func score(_ text: String) throws -> ScoreResult {
        let (model, _) = try requireModel()
        guard let tokenizer else { throw EngineError.state("no tokenizer") }
        let ids = try tokenizer.encode(text)
        guard ids.count >= 2 else { throw EngineError.invalidArgument("the text must be at least two tokens long to score") }
        let T = model.config.blockSize
        var total = 0.0
        var predicted = 0
        var start = 0
        while start + 1 < ids.count {
            let n = min(T, ids.count - 1 - start)
            let inputs = Array(ids[start ..< start + n]), targets = Array(ids[start + 1 ... start + n])
            let loss = inputs.withUnsafeBufferPointer { i in targets.withUnsafeBufferPointer { t in
                model.forward(idx: i.baseAddress!, targets: t.baseAddress!, B: 1, T: n) } }
            total += Double(loss) * Double(n)
            predicted += n
            start += n
        }
        return ScoreResult(tokens: predicted, bytes: text.utf8.count, loss: total / Double(predicted))
    }
}
