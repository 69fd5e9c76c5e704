import Foundation
import Testing
@testable import GPTShell

/// `set bias=false` from the shell: the model it builds, what `init`, `show model` and
/// `export hf` say about it.
@Suite struct BiasCommandTests {
    @Test func biasFalseBuildsAModelWithoutBiases() {
        let (h, dir) = readyHarness()
        let withBiases = h.session.model!.parameterCount
        #expect(h.run("set bias=false") == .finished, "\(h.err)")
        #expect(h.out.contains("bias = false (default true)"), "\(h.out)")
        #expect(h.out.contains("until `init` builds a new one with the new bias"), "\(h.out)")
        h.clear()
        #expect(h.run("init seed=1") == .finished, "\(h.err)")
        // tinySettings: one block, 8 wide, so 11·8 bias floats in the block and 8 in ln_f.
        let count = h.session.model!.parameterCount
        #expect(count == withBiases - 11 * 8 - 8)
        #expect(h.out.contains("no biases: \(Format.grouped(count)) parameters"), "\(h.out)")
        h.clear()
        #expect(h.run("show model") == .finished)
        #expect(h.out.contains("bias") && h.out.contains("false"), "\(h.out)")
        // LayerNorm weights only: ln_1, ln_2 and ln_f, 8 each.
        #expect(h.out.contains("LayerNorm 24"), "\(h.out)")
        h.clear()
        #expect(h.run("export hf \(dir.appendingPathComponent("hf").path)") == .finished, "\(h.err)")
        #expect(h.out.contains("model.safetensors holds zero biases"), "\(h.out)")
    }
}
