import Foundation
import Testing
@testable import GPTEngine

@Suite(.serialized) struct SamplingTests {
    func session(blockSize: Int = 8) throws -> Session {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-sample-\(getpid()).txt").path
        try String(repeating: "to be or not to be, that is the question. 你好世界 ", count: 20)
            .write(toFile: path, atomically: true, encoding: .utf8)
        let s = Session()
        try s.loadCorpus(path: path)
        try s.useTokenizer(try s.buildCharTokenizer())
        try s.set([("n_layer", 2), ("n_head", 2), ("n_embd", 16), ("block_size", Double(blockSize)), ("batch_size", 4),
                   ("threads", 1), ("log_interval", 0), ("eval_interval", 0)])
        try s.initModel(seed: 9)
        // Sharpen the random model so greedy choices are not near-ties.
        for i in 0..<s.model!.layout.count { s.model!.params.pointer[i] *= 20 }
        return s
    }

    func generate(_ s: Session, _ o: SampleOptions) throws -> SampleResult {
        try s.sample(o, emit: { _ in })
    }

    @Test func cachedAndUncachedGreedyAgreePastTheWindow() throws {
        let s = try session()
        let cached = try generate(s, SampleOptions(tokens: 40, prompt: "to be", temperature: 0))
        let full = try generate(s, SampleOptions(tokens: 40, prompt: "to be", temperature: 0, useCache: false))
        #expect(cached.tokens.count == 40)
        #expect(cached.tokens == full.tokens)
    }

    /// The cache is made once and reused; more threads since need more attention scratch, so a
    /// cache made for fewer is made again (the extra threads would write past its end).
    @Test func theCacheFollowsTheThreadCount() throws {
        let s = try session(blockSize: 64)
        let one = try generate(s, SampleOptions(tokens: 60, prompt: "to be", temperature: 0))
        #expect(s.model!.generationActivations.threads == 1)
        try s.set([("threads", 4)])
        let four = try generate(s, SampleOptions(tokens: 60, prompt: "to be", temperature: 0))
        #expect(s.model!.generationActivations.threads == 4)
        #expect(four.tokens == one.tokens)
    }

    @Test func cachedLogitsMatchAFullForwardPass() throws {
        expectCachedLogitsMatchAFullForwardPass(try session().model!, steps: 20)
    }

    @Test func topKOneIsGreedyAndSeedsReproduce() throws {
        let s = try session()
        let greedy = try generate(s, SampleOptions(tokens: 20, temperature: 0))
        let k1 = try generate(s, SampleOptions(tokens: 20, temperature: 1.3, topK: 1, seed: 5))
        #expect(greedy.tokens == k1.tokens)
        let a = try generate(s, SampleOptions(tokens: 30, temperature: 1, seed: 77))
        _ = try generate(s, SampleOptions(tokens: 30, temperature: 1))
        let b = try generate(s, SampleOptions(tokens: 30, temperature: 1, seed: 77))
        #expect(a.text == b.text)
    }

    @Test func filtersOnAHandMadeDistribution() {
        let sampler = TokenSampler(vocabSize: 4)
        let logits: [Float] = [log(0.1), log(0.4), log(0.2), log(0.3)]
        logits.withUnsafeBufferPointer { l in
            let plain = sampler.distribution(logits: l.baseAddress!, temperature: 1, topK: 0, topP: 1)
            for (p, q) in zip(plain, [0.1, 0.4, 0.2, 0.3]) { #expect(abs(p - q) < 1e-6) }
            let k2 = sampler.distribution(logits: l.baseAddress!, temperature: 1, topK: 2, topP: 1)
            for (p, q) in zip(k2, [0, 0.4 / 0.7, 0, 0.3 / 0.7]) { #expect(abs(p - q) < 1e-6) }
            // Nucleus 0.6: 0.4 alone is short of it, 0.4 + 0.3 reaches it.
            let p6 = sampler.distribution(logits: l.baseAddress!, temperature: 1, topK: 0, topP: 0.6)
            for (p, q) in zip(p6, [0, 0.4 / 0.7, 0, 0.3 / 0.7]) { #expect(abs(p - q) < 1e-6) }
            let both = sampler.distribution(logits: l.baseAddress!, temperature: 1, topK: 3, topP: 0.5)
            for (p, q) in zip(both, [0, 0.4 / 0.7, 0, 0.3 / 0.7]) { #expect(abs(p - q) < 1e-6) }
            let hot = sampler.distribution(logits: l.baseAddress!, temperature: 2, topK: 0, topP: 1)
            let z = [0.1, 0.4, 0.2, 0.3].map { $0.squareRoot() }.reduce(0, +)
            for (p, q) in zip(hot, [0.1, 0.4, 0.2, 0.3].map { $0.squareRoot() / z }) { #expect(abs(p - q) < 1e-6) }
        }
    }

    @Test func stopStringsEndTheSampleAndAreNotShown() throws {
        let s = try session()
        let free = try generate(s, SampleOptions(tokens: 30, temperature: 1, seed: 3))
        let chars = Array(free.text)
        let stop = String(chars[10...11])
        var shown = ""
        let stopped = try s.sample(SampleOptions(tokens: 30, temperature: 1, seed: 3, stopStrings: [stop]), emit: { shown += $0 })
        #expect(stopped.stoppedBy == stop)
        let expected = String(free.text[..<free.text.range(of: stop)!.lowerBound])
        #expect(stopped.text == expected)
        #expect(shown == expected)
    }

    @Test func samplingLeavesTrainingUntouched() throws {
        let a = try session(), b = try session()
        try a.train(steps: 3)
        try b.train(steps: 3)
        _ = try generate(b, SampleOptions(tokens: 25, temperature: 1))
        try a.train(steps: 3)
        try b.train(steps: 3)
        #expect(a.model!.params.array == b.model!.params.array)
        #expect(a.optimizer!.m.array == b.optimizer!.m.array)
    }

    @Test func streamingNeverSplitsACharacter() {
        var d = StreamingDecoder()
        let bytes = Array("你好".utf8)
        #expect(d.push(Array(bytes[0..<2])) == "")
        #expect(d.push(Array(bytes[2..<4])) == "你")
        #expect(d.push(Array(bytes[4..<6])) == "好")
        #expect(d.push([0xE4]) == "")
        #expect(d.finish() == "\u{FFFD}")
    }

    @Test func contextWindowRestartsFromItsLastHalf() {
        var held: [Int32] = Array(0..<8)
        ContextWindow.advance(&held, with: 8, blockSize: 8)
        #expect(held == [5, 6, 7, 8])
        #expect(ContextWindow.start(Array(0..<20), blockSize: 8) == [16, 17, 18, 19])
    }
}

@Suite(.serialized) struct ScoreTests {
    @Test func scoreOfAFreshModelIsNearUniform() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-score-\(getpid()).txt").path
        try String(repeating: "abcdefgh ", count: 30).write(toFile: path, atomically: true, encoding: .utf8)
        let s = Session()
        try s.loadCorpus(path: path)
        try s.useTokenizer(try s.buildCharTokenizer())
        try s.set([("n_layer", 1), ("n_head", 1), ("n_embd", 8), ("block_size", 4), ("threads", 1)])
        try s.initModel(seed: 1)
        let r = try s.score("abcdefgh abcdefgh")
        #expect(r.tokens == 16)
        #expect(abs(r.loss - log(9.0)) < 0.1)
        #expect(abs(r.bitsPerByte - r.loss * 16 / log(2) / 17) < 1e-9)
        #expect(throws: EngineError.self) { try s.score("a") }
    }
}

extension SamplingTests {
    /// A sample whose last token begins a character (a UTF-8 lead byte) ends before it.
    @Test func aSampleNeverEndsInAReplacementCharacter() throws {
        let s = try session()
        try s.useTokenizer(s.buildByteTokenizer())
        try s.initModel(seed: 9)
        var cut: SampleResult?
        for seed in 0..<500 where cut == nil {
            let r = try generate(s, SampleOptions(tokens: 2, prompt: "to", seed: seed))
            if (0xC2...0xF4).contains(r.tokens[1]), r.tokens[0] < 0x80 { cut = r }
        }
        let result = try #require(cut, "some seed draws an ASCII byte and then a lead byte")
        #expect(result.text == String(UnicodeScalar(UInt8(result.tokens[0]))))
        #expect(!result.text.contains("\u{FFFD}"))
    }

    /// A stop string the model would write first, after the default (blank) start, does not end
    /// the sample empty.
    @Test func aStopBeforeAnyTextIsPassedOver() throws {
        let s = try session()
        let free = try generate(s, SampleOptions(tokens: 12, temperature: 0))
        let first = try #require(free.text.first)
        try #require(free.text.contains { $0 != first && !$0.isWhitespace })
        let stopped = try generate(s, SampleOptions(tokens: 12, temperature: 0, stopStrings: [String(first)]))
        #expect(!stopped.text.isEmpty && !stopped.text.contains(first))
    }
}

/// Each cached token's logits against a full forward pass over the tokens the cache holds.
func expectCachedLogitsMatchAFullForwardPass(_ model: GPT, steps: Int) {
    let cache = KVCache(model: model)
    var logits = cache.prefill([1, 2, 3])
    for step in 0..<steps {
        let mine = Array(UnsafeBufferPointer(start: logits, count: model.config.vocabSize))
        let held = cache.tokens
        _ = held.withUnsafeBufferPointer { model.forward(idx: $0.baseAddress!, targets: nil, B: 1, T: held.count) }
        let ref = Array(UnsafeBufferPointer(start: model.logits + (held.count - 1) * model.config.vocabSize, count: model.config.vocabSize))
        #expect(relativeError(mine, ref) < 1e-4, "step \(step)")
        logits = cache.append(Int32(step % model.config.vocabSize))
    }
}
