/// What `show attention` draws: the tokens of a text and every layer's and head's softmax
/// attention over them, as the model computes them in a forward pass.
public struct AttentionMaps: Sendable {
    /// Each token as `encode` shows it.
    public let pieces: [String]
    public let layers: Int
    public let heads: Int
    /// (layer, head, query, key), each query's row summing to 1 over keys 0...query.
    public let probabilities: [Float]

    public var count: Int { pieces.count }

    public func value(layer: Int, head: Int, query: Int, key: Int) -> Float {
        probabilities[((layer * heads + head) * count + query) * count + key]
    }
}

extension Session {
    /// Runs the model on `text` and keeps the attention probabilities of every layer and head.
    public func attention(of text: String) throws -> AttentionMaps {
        let (model, _) = try requireModel()
        let tokens = try tokenizer!.encode(text)
        guard !tokens.isEmpty else { throw EngineError.invalidArgument("the text is empty: there is nothing to attend to") }
        let T = model.config.blockSize
        guard tokens.count <= T else {
            throw EngineError.invalidArgument("the text is \(tokens.count) tokens, more than the model's block_size of \(T)")
        }
        // The pass's own activations, and the maps copied out of them.
        let floats = model.attentionProbabilityFloats(T: tokens.count)
            + model.config.nLayer * model.config.nHead * tokens.count * tokens.count
        try MemoryEstimate.requireAvailable(floats * MemoryLayout<Float>.size)
        let layers = tokens.withUnsafeBufferPointer { model.attentionProbabilities(idx: $0.baseAddress!, T: tokens.count) }
        let probabilities = Array(layers.joined())
        return AttentionMaps(pieces: tokens.map { tokenizer!.piece($0) }, layers: model.config.nLayer,
                             heads: model.config.nHead, probabilities: probabilities)
    }
}
