import Foundation
import Testing
@testable import GPTEngine

/// `Session.attention(of:)`: the probabilities a training forward pass computes, causal, and
/// the same for a prefix as for the whole text.
struct AttentionMapsTests {
    static func trained() throws -> Session {
        let session = try WordTokenizerTests.session(String(repeating: TokenizerSessionTests.sentences, count: 10), val: 0.1)
        let (tokenizer, _) = try session.buildWordTokenizer(vectorsPath: WordTokenizerTests.seedVectors)
        try session.useTokenizer(tokenizer)
        try session.set([("n_layer", 2), ("n_head", 2), ("n_embd", 8), ("block_size", 16), ("batch_size", 2)])
        try session.initModel(seed: 2)
        try session.train(steps: 3)
        return session
    }

    static let text = "你好，欢迎来到自然语言处理的世界！"

    @Test func theMapsAreTheForwardPassesProbabilities() throws {
        let session = try Self.trained()
        let maps = try session.attention(of: Self.text)
        let model = session.model!
        let ids = try session.tokenizer!.encode(Self.text)
        #expect(maps.pieces == ids.map { session.tokenizer!.piece($0) })
        // A forward pass as training runs it (with targets), read back layer by layer.
        let targets = Array(ids.dropFirst()) + [ids[0]]
        _ = ids.withUnsafeBufferPointer { i in
            targets.withUnsafeBufferPointer { t in model.forward(idx: i.baseAddress!, targets: t.baseAddress!, B: 1, T: ids.count) }
        }
        let T = ids.count, C = model.config.nEmbd
        for l in 0..<2 {
            // The attention kernel again, on the q, k and v that pass kept for its backward.
            let qkv = FloatBuffer(count: T * 3 * C)
            qkv.pointer.update(from: model.acts!.layers[l].qkv, count: T * 3 * C)
            let run = AttentionRun(B: 1, T: T, C: C, NH: 2)
            run.forward(model.compute, qkv: qkv)
            let att = run.probabilities.array
            for h in 0..<2 {
                for q in 0..<T {
                    var sum: Float = 0
                    for k in 0..<T {
                        let p = maps.value(layer: l, head: h, query: q, key: k)
                        #expect(p == att[(h * T + q) * T + k])
                        if k > q { #expect(p == 0) }
                        sum += p
                    }
                    #expect(abs(sum - 1) < 1e-5)
                }
            }
        }
    }

    @Test func aPrefixAttendsAsInTheWholeText() throws {
        let session = try Self.trained()
        let whole = try session.attention(of: Self.text)
        let prefix = try session.attention(of: "你好，欢迎")
        #expect(prefix.count == 3)
        for l in 0..<2 {
            for h in 0..<2 {
                for q in 0..<3 {
                    for k in 0...q {
                        let a = whole.value(layer: l, head: h, query: q, key: k), b = prefix.value(layer: l, head: h, query: q, key: k)
                        #expect(abs(a - b) < 1e-6)
                    }
                }
            }
        }
        // Not all heads attend alike: the maps are not a constant pattern.
        #expect(Set(whole.probabilities.map { ($0 * 1000).rounded() }).count > 10)
    }

    @Test func textsTheModelCannotTakeAreRefused() throws {
        let session = try Self.trained()
        #expect(throws: EngineError.self) { try session.attention(of: "") }
        #expect(throws: EngineError.self) { try session.attention(of: String(repeating: "你好，", count: 9)) }
    }
}
