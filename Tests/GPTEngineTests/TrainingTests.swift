import Foundation
import Testing
@testable import GPTEngine

@Suite(.serialized) struct TrainingTests {
    func tinyModel(V: Int = 16, T: Int = 8, seed: UInt64 = 7) throws -> GPT {
        let model = try GPT(config: GPTConfig(vocabSize: V, blockSize: T, nLayer: 2, nHead: 2, nEmbd: 32))
        model.initialize(seed: seed)
        return model
    }

    func batch(_ n: Int, V: Int, seed: UInt64) -> [Int32] {
        var rng = RandomGenerator(seed: seed)
        return (0..<n).map { _ in Int32(rng.next(below: V)) }
    }

    func loss(_ model: GPT, _ idx: [Int32], _ targets: [Int32], B: Int, T: Int) -> Float {
        idx.withUnsafeBufferPointer { i in targets.withUnsafeBufferPointer { t in
            model.forward(idx: i.baseAddress!, targets: t.baseAddress!, B: B, T: T) } }
    }

    @Test func freshModelStartsNearUniform() throws {
        for V in [16, 65, 300] {
            let model = try tinyModel(V: V)
            let l = loss(model, batch(32, V: V, seed: 1), batch(32, V: V, seed: 2), B: 4, T: 8)
            #expect(abs(l - logf(Float(V))) < 0.1, "V=\(V): initial loss \(l), ln V = \(logf(Float(V)))")
        }
    }

    @Test func memorisesOneBatch() throws {
        let model = try tinyModel()
        let optimizer = AdamW(layout: model.layout)
        let idx = batch(32, V: 16, seed: 3), targets = batch(32, V: 16, seed: 4)
        var last: Float = .infinity
        var steps = 0
        while steps < 400 && last >= 0.05 {
            model.zeroGrad()
            last = loss(model, idx, targets, B: 4, T: 8)
            model.backward()
            clipGradients(model.grads, norm: gradientNorm(model.grads, compute: model.compute), maxNorm: 1, compute: model.compute)
            optimizer.update(params: model.params, grads: model.grads, lr: 1e-2, settings: .init(weightDecay: 0), compute: model.compute)
            steps += 1
        }
        #expect(last < 0.05, "loss after \(steps) steps: \(last)")
    }

    @Test func accumulatedMicroBatchesEqualOneBatch() throws {
        let a = try tinyModel(), b = try tinyModel()
        let idx = batch(32, V: 16, seed: 5), targets = batch(32, V: 16, seed: 6)
        a.zeroGrad()
        _ = loss(a, idx, targets, B: 4, T: 8)
        a.backward()
        b.zeroGrad()
        for half in 0..<2 {
            let r = half * 16 ..< (half + 1) * 16
            _ = loss(b, Array(idx[r]), Array(targets[r]), B: 2, T: 8)
            b.backward(lossScale: 0.5)
        }
        #expect(relativeError(UnsafeBufferPointer(start: b.grads.pointer, count: b.layout.count), a.grads.array) < 1e-5)
    }

    @Test func scheduleWarmsUpThenDecaysToMinimum() {
        let s = LRSchedule(maxLR: 1e-3, minLR: 1e-4, warmupIters: 10, decayIters: 110)
        #expect(abs(s.lr(at: 0) - 1e-3 / 11) < 1e-12)
        #expect(abs(s.lr(at: 9) - 1e-3 * 10 / 11) < 1e-12)
        #expect(abs(s.lr(at: 10) - 1e-3) < 1e-12)
        #expect(abs(s.lr(at: 60) - 5.5e-4) < 1e-12)
        #expect(abs(s.lr(at: 110) - 1e-4) < 1e-12)
        #expect(s.lr(at: 5000) == 1e-4)
    }
}

/// Training through a session: determinism and evaluation side effects.
@Suite(.serialized) struct SessionTrainingTests {
    static let text = String(repeating: "the quick brown fox jumps over the lazy dog. ", count: 40)

    func session(threads: Int = 1) throws -> Session {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-tests-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("fox.txt").path
        try Self.text.write(toFile: path, atomically: true, encoding: .utf8)
        let s = Session()
        try s.loadCorpus(path: path, valFraction: 0.2)
        try s.useTokenizer(try s.buildCharTokenizer())
        try s.set([("n_layer", 1), ("n_head", 2), ("n_embd", 16), ("block_size", 8), ("batch_size", 4),
                   ("threads", Double(threads)), ("log_interval", 1), ("eval_interval", 0), ("eval_iters", 2)])
        try s.initModel(seed: 42)
        return s
    }

    @Test func sameSeedGivesBitIdenticalLosses() throws {
        for threads in [1, 2] {
            let a = try session(threads: threads), b = try session(threads: threads)
            try a.train(steps: 15)
            try b.train(steps: 15)
            #expect(a.metrics.steps.map(\.loss.bitPattern) == b.metrics.steps.map(\.loss.bitPattern))
            #expect(a.metrics.steps.count == 15)
        }
    }

    @Test func evaluationTouchesNeitherTrainingNorOptimizer() throws {
        let a = try session(), b = try session()
        try a.train(steps: 5)
        try b.train(steps: 5)
        _ = try b.evaluate(iters: 3)
        try a.train(steps: 5)
        try b.train(steps: 5)
        #expect(a.metrics.steps.map(\.loss) == b.metrics.steps.map(\.loss))
        #expect(a.model!.params.array == b.model!.params.array)
    }

    @Test func trainingLowersTheLoss() throws {
        let s = try session()
        let before = try s.evaluate(iters: 4)
        try s.train(steps: 60, overrides: [("lr", 1e-2), ("warmup_iters", 0)])
        let after = try s.evaluate(iters: 4)
        #expect(after.trainLoss < before.trainLoss - 0.5, "\(before.trainLoss) → \(after.trainLoss)")
        #expect(s.iteration == 60)
        #expect(s.hyper.learningRate == 1e-3, "overrides last for one run only")
    }
}

@Suite(.serialized) struct DivergenceTests {
    func session() throws -> Session {
        let s = try SessionTrainingTests().session()
        try s.set([("grad_clip", 0), ("warmup_iters", 0), ("lr_decay_iters", 0), ("min_lr", 1e4)])
        return s
    }

    @Test func absurdLearningRateStopsAndRestoresTheLastGoodState() throws {
        let s = try session()
        try s.train(steps: 3, overrides: [("min_lr", 1e-3)])
        var thrown: Error?
        do { try s.train(steps: 20) } catch { thrown = error }
        guard case .diverged(let divergence)? = thrown as? EngineError else {
            Issue.record("expected a divergence, got \(String(describing: thrown))")
            return
        }
        #expect(divergence.lastGood != nil && divergence.restoredTo == s.iteration)
        let finite = s.model!.params.array.allSatisfy { $0.isFinite }
        #expect(finite)
        let restoredAt = s.iteration
        #expect(s.metrics.steps.allSatisfy { $0.step <= restoredAt })
        let params = s.model!.params.array
        // The restored state is usable: a sane learning rate trains on from it.
        try s.train(steps: 5, overrides: [("min_lr", 1e-3)])
        #expect(s.iteration == restoredAt + 5)
        #expect(s.metrics.steps.suffix(5).allSatisfy { $0.loss.isFinite })
        #expect(s.model!.params.array != params)
    }

    @Test func skipNonfiniteCountsAndGoesOn() throws {
        let s = try session()
        try s.set([("skip_nonfinite", 1)])
        try s.train(steps: 30)
        #expect(s.metrics.skippedSteps > 0)
        #expect(s.iteration + s.metrics.skippedSteps == 30)
    }
}

@Suite(.serialized) struct CorpusSwitchTests {
    @Test func aCorpusTheTokenizerCannotEncodeStillLoads() throws {
        let s = try SessionTrainingTests().session()
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-switch-\(getpid()).txt").path
        try String(repeating: "ZEBRAS & QUAGGAS! ", count: 40).write(toFile: other, atomically: true, encoding: .utf8)
        try s.loadCorpus(path: other)
        #expect(s.corpus?.path == other)
        #expect(!s.isEncoded)
        #expect(throws: EngineError.self) { try s.train(steps: 1) }
        let dropped = try s.useTokenizer(try s.buildCharTokenizer())
        #expect(s.isEncoded && dropped.droppedModel)
    }
}
