/// The architecture of a GPT-2 model: everything that fixes the parameter shapes.
public struct GPTConfig: Equatable, Sendable, Codable {
    public var vocabSize: Int
    public var blockSize: Int
    public var nLayer: Int
    public var nHead: Int
    public var nEmbd: Int
    /// nanoGPT's `bias`: false leaves the linear layers and LayerNorms without biases.
    public var bias: Bool

    public init(vocabSize: Int, blockSize: Int, nLayer: Int, nHead: Int, nEmbd: Int, bias: Bool = true) {
        self.vocabSize = vocabSize
        self.blockSize = blockSize
        self.nLayer = nLayer
        self.nHead = nHead
        self.nEmbd = nEmbd
        self.bias = bias
    }

    private enum CodingKeys: String, CodingKey { case vocabSize, blockSize, nLayer, nHead, nEmbd, bias }

    /// Checkpoints written before gptsh had `bias` hold none: their models have biases.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(vocabSize: try c.decode(Int.self, forKey: .vocabSize), blockSize: try c.decode(Int.self, forKey: .blockSize),
                  nLayer: try c.decode(Int.self, forKey: .nLayer), nHead: try c.decode(Int.self, forKey: .nHead),
                  nEmbd: try c.decode(Int.self, forKey: .nEmbd), bias: try c.decodeIfPresent(Bool.self, forKey: .bias) ?? true)
    }

    public var headSize: Int { nEmbd / nHead }

    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws {
            if !ok { throw EngineError.invalidConfig(message) }
        }
        try check(vocabSize >= 1, "vocab_size must be at least 1")
        try check(blockSize >= 1, "block_size must be at least 1")
        try check(nLayer >= 1, "n_layer must be at least 1")
        try check(nHead >= 1, "n_head must be at least 1")
        try check(nEmbd >= 1, "n_embd must be at least 1")
        try check(nEmbd % nHead == 0, "n_embd (\(nEmbd)) must be divisible by n_head (\(nHead))")
    }
}
