import Foundation
import Testing
@testable import GPTEngine

/// Relative error of `a` against reference `b`, measured over the whole tensor:
/// max |a−b| / max |b|, so tiny reference entries don't dominate.
func relativeError(_ a: UnsafeBufferPointer<Float>, _ b: [Float]) -> Float {
    precondition(a.count == b.count)
    var diff: Float = 0, scale: Float = 0
    for i in 0..<b.count {
        diff = max(diff, abs(a[i] - b[i]))
        scale = max(scale, abs(b[i]))
    }
    return scale == 0 ? diff : diff / scale
}

func relativeError(_ a: [Float], _ b: [Float]) -> Float {
    a.withUnsafeBufferPointer { relativeError($0, b) }
}

func fixtureURL(_ name: String) -> URL {
    Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!
}

@Suite struct ParameterPartTests {
    /// nanoGPT's counts per part for V 37, T 8, L 2, C 16: wte and wpe; c_attn and c_proj with
    /// biases; c_fc and its projection with biases; two LayerNorms per block and ln_f.
    @Test func partsFollowGPT2sFormulaAndCoverEveryParameter() {
        let V = 37, T = 8, L = 2, C = 16
        let layout = ParameterLayout(config: GPTConfig(vocabSize: V, blockSize: T, nLayer: L, nHead: 2, nEmbd: C))
        let parts = layout.countsByPart
        #expect(parts[.embeddings] == V * C + T * C)
        #expect(parts[.attention] == L * (3 * C * C + 3 * C + C * C + C))
        #expect(parts[.mlp] == L * (4 * C * C + 4 * C + 4 * C * C + C))
        #expect(parts[.layerNorm] == L * 4 * C + 2 * C)
        #expect(parts.values.reduce(0, +) == layout.count)
    }
}
