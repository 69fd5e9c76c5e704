import Foundation
import Testing
@testable import GPTEngine
import GPTKernels

/// `recompute`: backward runs each block's forward again instead of keeping its activations.
/// The same operations in the same order, so everything must be bit-identical.
struct RecomputeTests {
    static let config = GPTConfig(vocabSize: 23, blockSize: attentionBlock + 4, nLayer: 3, nHead: 2, nEmbd: 32)

    /// Loss and gradients of one forward and backward pass.
    static func pass(recompute: Bool, precision: Precision = .float32, dropout: Float = 0) throws -> [Float] {
        let model = try GPT(config: config, compute: Compute(threads: 2))
        model.initialize(seed: 4)
        model.precision = precision
        model.recompute = recompute
        let B = 2, T = config.blockSize
        var rng = RandomGenerator(seed: 8)
        let idx = (0..<B * T).map { _ in Int32(rng.next(below: config.vocabSize)) }
        let targets = (0..<B * T).map { _ in Int32(rng.next(below: config.vocabSize)) }
        let loss = idx.withUnsafeBufferPointer { i in
            targets.withUnsafeBufferPointer { t in
                model.forward(idx: i.baseAddress!, targets: t.baseAddress!, B: B, T: T,
                              dropout: dropout > 0 ? (dropout, 11) : nil)
            }
        }
        #expect(model.acts!.recompute == recompute)
        model.backward()
        return [loss] + model.grads.array
    }

    /// float32, float32 with dropout 0.2, bfloat16.
    @Test(arguments: [0, 1, 2])
    func gradientsAreBitIdentical(variant: Int) throws {
        let precision: Precision = variant == 2 ? .bfloat16 : .float32, dropout: Float = variant == 1 ? 0.2 : 0
        if precision == .bfloat16 && !Hyperparameters.bfloat16Supported { return }
        let kept = try Self.pass(recompute: false, precision: precision, dropout: dropout)
        let again = try Self.pass(recompute: true, precision: precision, dropout: dropout)
        let differing = zip(again, kept).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(differing == 0, "loss and gradients differ in \(differing) of \(kept.count) floats")
    }

    /// The blocks share one block's room: what recompute saves is (L − 1) blocks of it.
    @Test func activationsShrinkByAllButOneBlock() {
        func floats(_ layers: Int, recompute: Bool) -> Int {
            let c = GPTConfig(vocabSize: 23, blockSize: 16, nLayer: layers, nHead: 2, nEmbd: 32)
            return Activations.floatCount(config: c, B: 4, T: 16, threads: 2, training: true, recompute: recompute)
        }
        let block = floats(2, recompute: false) - floats(1, recompute: false)
        let output = floats(2, recompute: true) - floats(1, recompute: true)
        #expect(output == 4 * 16 * 32, "a recomputed block keeps only its output")
        #expect(floats(6, recompute: false) - floats(6, recompute: true) == 5 * (block - output))
        #expect(floats(1, recompute: true) == floats(1, recompute: false))
        let estimate = MemoryEstimate(config: Self.config, batchSize: 4, threads: 2, recompute: true)
        #expect(estimate.activations < MemoryEstimate(config: Self.config, batchSize: 4, threads: 2).activations)
    }

    /// Through the session: the setting trains the same steps, saves and loads.
    @Test func theSettingTrainsTheSameStepsAndIsSaved() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-recompute-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = try smallTrainingSession(in: dir)
        try plain.train(steps: 6)
        let saving = try smallTrainingSession(in: dir, extra: [("recompute", 1)])
        #expect(saving.model!.recompute)
        try saving.train(steps: 6)
        #expect(saving.metrics.steps.map(\.loss.bitPattern) == plain.metrics.steps.map(\.loss.bitPattern))
        #expect(saving.model!.params.array.elementsEqual(plain.model!.params.array), "the weights after 6 steps differ")
        let path = dir.appendingPathComponent("r.safetensors").path
        try saving.save(path: path)
        let loaded = Session()
        try loaded.load(path: path)
        #expect(loaded.hyper.recompute && loaded.model!.recompute)
        try loaded.set([("recompute", 0)])
        var during: [Bool] = []
        try loaded.train(steps: 2, overrides: [("recompute", 1)], observer: { _ in during.append(loaded.model!.recompute) })
        #expect(!during.isEmpty && during.allSatisfy { $0 }, "train N recompute=true recomputes in that run")
        #expect(!loaded.model!.recompute && !loaded.hyper.recompute, "and only in that run")
        #expect(!loaded.model!.recompute)
        try loaded.train(steps: 2)
        #expect(loaded.metrics.steps.last!.loss.isFinite)
    }
}
