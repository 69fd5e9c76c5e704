import Foundation

/// Options of `sample`.
public struct SampleOptions: Sendable {
    public var tokens: Int
    public var prompt: String?
    public var temperature: Double = 1
    public var topK: Int = 0
    public var topP: Double = 1
    public var seed: Int?
    /// Stop after any of these strings appears in the generated text (it is not printed).
    public var stopStrings: [String] = []
    /// Stop at the tokenizer's end-of-text token.
    public var stopAtEndOfText = false
    /// Recompute the whole window per token instead of using the key/value cache.
    public var useCache = true

    public init(tokens: Int, prompt: String? = nil, temperature: Double = 1, topK: Int = 0, topP: Double = 1,
                seed: Int? = nil, stopStrings: [String] = [], stopAtEndOfText: Bool = false, useCache: Bool = true) {
        self.tokens = tokens
        self.prompt = prompt
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
        self.stopStrings = stopStrings
        self.stopAtEndOfText = stopAtEndOfText
        self.useCache = useCache
    }
}

public struct SampleResult: Sendable {
    public var tokens: [Int32]
    public var text: String
    public var stoppedBy: String?
    public var seconds: Double
    public var firstTokenSeconds: Double
}

extension Session {
    /// Generates up to `options.tokens` tokens after the prompt, handing text to `emit` as soon
    /// as it forms whole characters. Never touches the training state: parameters, optimizer
    /// and batch generator are left exactly as they were.
    public func sample(_ options: SampleOptions, emit: (String) -> Void,
                       shouldStop: () -> Bool = { false }) throws -> SampleResult {
        let (model, _) = try requireModel()
        guard let tokenizer else { throw EngineError.missing(.tokenizer) }
        guard options.tokens >= 0 else { throw EngineError.invalidArgument("the number of tokens must not be negative") }
        guard options.temperature >= 0 && options.temperature.isFinite else {
            throw EngineError.invalidArgument("temperature must be 0 or more")
        }
        guard options.topK >= 0 else { throw EngineError.invalidArgument("top_k must be 0 (off) or more") }
        guard options.topP > 0 && options.topP <= 1 else { throw EngineError.invalidArgument("top_p must be above 0 and at most 1") }
        let prompt: [Int32]
        if let text = options.prompt, !text.isEmpty {
            prompt = try tokenizer.encode(text)
        } else {
            prompt = [defaultStartToken(tokenizer)]
        }
        let endOfText = options.stopAtEndOfText ? endOfTextToken(tokenizer) : nil
        if options.stopAtEndOfText && endOfText == nil {
            throw EngineError.invalidArgument("stop=eot needs a tokenizer with <|endoftext|>")
        }
        var rng = options.seed.map { RandomGenerator(seed: UInt64(truncatingIfNeeded: $0)) } ?? sampling
        let sampler = TokenSampler(vocabSize: model.config.vocabSize)
        let stops = StopMatcher(options.stopStrings)
        var decoder = StreamingDecoder()
        var generated: [Int32] = []
        var text = ""
        var stoppedBy: String?
        let start = DispatchTime.now().uptimeNanoseconds
        var firstToken = 0.0
        let T = model.config.blockSize, V = model.config.vocabSize
        let cache = options.useCache ? KVCache(model: model) : nil
        var held = ContextWindow.start(prompt, blockSize: T)
        var logits = cache?.prefill(prompt)
        var emitted = 0
        let promptIsBlank = (options.prompt ?? "").allSatisfy(\.isWhitespace)
        while generated.count < options.tokens && stoppedBy == nil && !shouldStop() {
            if cache == nil {
                _ = held.withUnsafeBufferPointer { model.forward(idx: $0.baseAddress!, targets: nil, B: 1, T: held.count) }
                logits = model.logits + (held.count - 1) * V
            }
            let next = sampler.draw(logits: logits!, temperature: options.temperature, topK: options.topK,
                                    topP: options.topP, rng: &rng)
            if generated.isEmpty { firstToken = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
            generated.append(next)
            // A stop before any visible text (the prompt's or the sample's) would end an empty
            // sample: there it is passed over.
            let blank = promptIsBlank && text.allSatisfy(\.isWhitespace)
            if next == endOfText {
                if !blank {
                    stoppedBy = "<|endoftext|>"
                    break
                }
            } else {
                text += decoder.push(tokenizer.bytes(of: next))
                if let (stop, at) = stops.firstMatch(in: text, from: emitted) {
                    if promptIsBlank && text[..<at].allSatisfy(\.isWhitespace), let match = text[at...].range(of: stop) {
                        text.removeSubrange(match)
                    } else {
                        stoppedBy = stop
                        text = String(text[..<at])
                    }
                }
            }
            // Hold back text that could still turn out to begin a stop string.
            let safe = stoppedBy == nil ? stops.safeEnd(of: text, from: emitted) : text.endIndex
            let ready = text[text.index(text.startIndex, offsetBy: emitted)..<safe]
            if !ready.isEmpty {
                emit(String(ready))
                emitted += ready.count
            }
            if stoppedBy == nil && generated.count < options.tokens {
                if let cache { logits = cache.append(next) } else { ContextWindow.advance(&held, with: next, blockSize: T) }
            }
        }
        if stoppedBy == nil {
            // The bytes of a character the last token began are held back: a sample of N
            // tokens never ends in a replacement character.
            let rest = text.dropFirst(emitted)
            if !rest.isEmpty { emit(String(rest)) }
        }
        if options.seed == nil { sampling = rng }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return SampleResult(tokens: generated, text: text, stoppedBy: stoppedBy, seconds: seconds, firstTokenSeconds: firstToken)
    }

    func defaultStartToken(_ tokenizer: any Tokenizer) -> Int32 {
        if let eot = endOfTextToken(tokenizer) { return eot }
        return (try? tokenizer.encode("\n"))?.first ?? 0
    }

    func endOfTextToken(_ tokenizer: any Tokenizer) -> Int32? {
        tokenizer.specialTokens[SpecialToken.endOfText]
    }
}
