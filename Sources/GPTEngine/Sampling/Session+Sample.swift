import Foundation

/// Options of `sample`.
public struct SampleOptions: Sendable {
    public var tokens: Int
    public var prompt: String?
    public var temperature: Double = 1
    public var topK: Int = 0
    public var seed: Int?

    public init(tokens: Int, prompt: String? = nil, temperature: Double = 1, topK: Int = 0, seed: Int? = nil) {
        self.tokens = tokens
        self.prompt = prompt
        self.temperature = temperature
        self.topK = topK
        self.seed = seed
    }
}

extension Session {
    /// Generates `options.tokens` tokens after the prompt, handing each token's text to `emit`
    /// as soon as it forms whole characters. Leaves model, optimizer and batch generators alone.
    public func sample(_ options: SampleOptions, emit: (String) -> Void,
                       shouldStop: () -> Bool = { false }) throws -> [Int32] {
        let (model, _) = try requireModel()
        guard let tokenizer else { throw EngineError.state("no tokenizer") }
        guard options.tokens >= 0 else { throw EngineError.invalidArgument("the number of tokens must not be negative") }
        guard options.temperature >= 0 && options.temperature.isFinite else {
            throw EngineError.invalidArgument("temperature must be 0 or more")
        }
        guard options.topK >= 0 else { throw EngineError.invalidArgument("top_k must be 0 (off) or more") }
        var context: [Int32]
        if let prompt = options.prompt, !prompt.isEmpty {
            context = try tokenizer.encode(prompt)
        } else {
            context = [(try? tokenizer.encode("\n").first) ?? 0]
        }
        var rng = options.seed.map { RandomGenerator(seed: UInt64(truncatingIfNeeded: $0)) } ?? sampling
        let sampler = TokenSampler(vocabSize: model.config.vocabSize)
        var decoder = StreamingDecoder()
        var generated: [Int32] = []
        let T = model.config.blockSize
        let V = model.config.vocabSize
        for _ in 0..<options.tokens {
            if shouldStop() { break }
            let window = Array(context.suffix(T))
            _ = window.withUnsafeBufferPointer { model.forward(idx: $0.baseAddress!, targets: nil, B: 1, T: window.count) }
            let last = model.logits + (window.count - 1) * V
            let next = sampler.draw(logits: last, temperature: options.temperature, topK: options.topK, rng: &rng)
            context.append(next)
            generated.append(next)
            let text = decoder.push(tokenizer.bytes(of: next))
            if !text.isEmpty { emit(text) }
        }
        let rest = decoder.finish()
        if !rest.isEmpty { emit(rest) }
        if options.seed == nil { sampling = rng }
        return generated
    }
}
