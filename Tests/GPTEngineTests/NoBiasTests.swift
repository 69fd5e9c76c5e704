import Foundation
import Testing
@testable import GPTEngine

/// `bias=false`, nanoGPT's `bias = False`: no biases in the linear layers and LayerNorms.
@Suite(.serialized) struct NoBiasTests {
    let corpus = "all that glitters is not gold; often have you heard that told. "

    func session(bias: Bool) throws -> Session {
        let folder = try temporaryFolder("nobias")
        let path = folder.appendingPathComponent("corpus.txt").path
        try String(repeating: corpus, count: 30).write(toFile: path, atomically: true, encoding: .utf8)
        let s = Session()
        try s.loadCorpus(path: path, valFraction: 0.2)
        try s.useTokenizer(try s.buildCharTokenizer())
        try s.set([("n_layer", 2), ("n_head", 2), ("n_embd", 16), ("block_size", 8), ("batch_size", 2),
                   ("threads", 1), ("log_interval", 0), ("eval_interval", 0), ("eval_iters", 1), ("bias", bias ? 1 : 0)])
        try s.initModel(seed: 3)
        return s
    }

    /// nanoGPT's count (GPT.get_num_params with non_embedding=False, the tied head counted once):
    /// wte V·C + wpe T·C + n_layer·(12C² + 2C) + C without biases, and 11C per block and C for
    /// ln_f more with them.
    @Test(arguments: [(65, 64, 4, 128), (11, 5, 2, 8), (50257, 1024, 12, 768)])
    func parameterCountIsNanoGPTs(V: Int, T: Int, L: Int, C: Int) {
        let without = V * C + T * C + L * (12 * C * C + 2 * C) + C
        let noBias = ParameterLayout(config: GPTConfig(vocabSize: V, blockSize: T, nLayer: L, nHead: 2, nEmbd: C, bias: false))
        let withBias = ParameterLayout(config: GPTConfig(vocabSize: V, blockSize: T, nLayer: L, nHead: 2, nEmbd: C))
        #expect(noBias.count == without)
        #expect(withBias.count == without + L * 11 * C + C)
        #expect(!noBias.entries.contains { $0.name.hasSuffix(".bias") })
        #expect(noBias.blocks.allSatisfy { [$0.ln1b, $0.qkvb, $0.attprojb, $0.ln2b, $0.fcb, $0.fcprojb].allSatisfy { $0 == nil } })
        #expect(noBias.lnfb == nil)
    }

    /// The whole model without biases, every tensor, against central differences of the loss.
    @Test func wholeModelGradientsMatchFiniteDifferences() throws {
        try WholeModelCheck(GPTConfig(vocabSize: 11, blockSize: 5, nLayer: 2, nHead: 2, nEmbd: 8, bias: false), seed: 41)
            .expectGradientsMatch()
    }

    /// A model with zero biases computes what the same weights without biases compute.
    @Test func zeroBiasesComputeTheSameAsNone() throws {
        let s = try session(bias: false)
        let withBias = try GPT(config: GPTConfig(vocabSize: s.model!.config.vocabSize, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16))
        for e in s.model!.layout.entries {
            let to = withBias.layout.entry(named: e.name)!
            (withBias.params.pointer + to.offset).update(from: s.model!.params.pointer + e.offset, count: e.count)
        }
        let ids: [Int32] = [1, 4, 2, 8, 5, 7, 0, 3]
        let expected = logits(of: s.model!, ids: ids, B: 1, T: 8)
        let got = logits(of: withBias, ids: ids, B: 1, T: 8)
        #expect(relativeError(got, expected) < 1e-6)
    }

    @Test func saveAndLoadKeepBiasFalse() throws {
        let s = try session(bias: false)
        try s.train(steps: 3)
        let path = try temporaryFolder("nobias-save").appendingPathComponent("m.safetensors").path
        try s.save(path: path)
        let described = try describeCheckpoint(path: path).lines
        #expect(described.contains { $0.contains("bias false, \(s.model!.parameterCount) parameters") }, "\(described)")
        let t = Session()
        try t.load(path: path)
        #expect(t.model!.config.bias == false && !t.hyper.hasBias)
        #expect(t.model!.parameterCount == s.model!.parameterCount)
        #expect(t.model!.params.array == s.model!.params.array)
        #expect(t.pendingArchitecture.isEmpty)
        try s.train(steps: 2)
        try t.train(steps: 2)
        #expect(t.model!.params.array == s.model!.params.array)
    }

    /// Checkpoints written before `bias` existed hold neither key: their models have biases.
    @Test func olderCheckpointsLoadAsBiasTrue() throws {
        let config = try JSONDecoder().decode(GPTConfig.self, from: Data("""
            {"vocabSize": 11, "blockSize": 5, "nLayer": 2, "nHead": 2, "nEmbd": 8}
            """.utf8))
        #expect(config.bias)
        var hyper = Hyperparameters()
        hyper.bias = nil
        let decoded = try JSONDecoder().decode(Hyperparameters.self, from: JSONEncoder().encode(hyper))
        #expect(decoded.hasBias && decoded.value(of: "bias") == 1)
        let written = try JSONDecoder().decode(GPTConfig.self, from: JSONEncoder().encode(GPTConfig(vocabSize: 3, blockSize: 2, nLayer: 1, nHead: 1, nEmbd: 2, bias: false)))
        #expect(!written.bias)
    }

    @Test func exportHFWritesZeroBiasesAndLoadsBackWithTheSameLogits() throws {
        let s = try session(bias: false)
        try s.train(steps: 3)
        let report = try s.exportHF(directory: try temporaryFolder("nobias-hf").path)
        #expect(report.notes.contains { $0.contains("zero biases") })
        let t = Session()
        let loaded = try t.loadHF(directory: report.directory)
        #expect(loaded.config.bias && t.hyper.hasBias)
        let model = t.model!
        #expect(model.parameterCount == ParameterLayout(config: GPTConfig(vocabSize: s.model!.config.vocabSize, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 16)).count)
        for e in model.layout.entries where e.name.hasSuffix(".bias") {
            #expect(UnsafeBufferPointer(start: model.params.pointer + e.offset, count: e.count).allSatisfy { $0 == 0 }, "\(e.name)")
        }
        let ids: [Int32] = [1, 4, 2, 8, 5, 7, 0, 3]
        #expect(relativeError(logits(of: model, ids: ids, B: 1, T: 8), logits(of: s.model!, ids: ids, B: 1, T: 8)) < 1e-6)
    }
}
