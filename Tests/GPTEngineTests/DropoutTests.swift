import Foundation
import Testing
@testable import GPTEngine
@testable import GPTKernels

/// A fixed mask of `n` entries: about a third dropped, the rest 1/(1−p) as dropout keeps them.
func fixedMask(_ n: Int, seed: UInt64) -> FloatBuffer {
    let m = FloatBuffer(count: n)
    var rng = RandomGenerator(seed: seed)
    fillDropoutMask(m.pointer, count: n, rate: 0.3, rng: &rng)
    return m
}

@Suite struct DropoutTests {
    let cx = Compute(threads: 1)

    @Test func layerAgainstFiniteDifferences() {
        let N = 12
        let inp = randomBuffer(N, seed: 1), residual = randomBuffer(N, seed: 2), w = randomBuffer(N, seed: 3)
        let mask = fixedMask(N, seed: 4)
        #expect(mask.array.contains(0) && mask.array.contains(1 / 0.7), "the mask drops some and keeps some")
        let out = FloatBuffer(count: N)
        func f() -> Double {
            dropoutForward(cx, out: out.pointer, inp: inp.pointer, mask: mask.pointer, N: N)
            return project(out.pointer, w)
        }
        let dinp = FloatBuffer(count: N)
        dropoutBackward(cx, dinp: dinp.pointer, dout: w.pointer, mask: mask.pointer, N: N)
        #expect(relativeError(dinp.array, numericGradient(inp.pointer, count: N, f)) < 2e-3)
        func g() -> Double {
            dropoutResidualForward(cx, out: out.pointer, branch: inp.pointer, residual: residual.pointer, mask: mask.pointer, N: N)
            return project(out.pointer, w)
        }
        #expect(relativeError(dinp.array, numericGradient(inp.pointer, count: N, g)) < 2e-3)
        #expect(relativeError(w.array, numericGradient(residual.pointer, count: N, g)) < 2e-3)
    }

    /// Probabilities dropped by a fixed mask: the softmax backward must use P while dv and dP
    /// use the dropped ones. T covers a full query block and a short one after it.
    @Test(arguments: [(2, 4), (1, attentionBlock + 2)])
    func attentionAgainstFiniteDifferences(B: Int, T: Int) {
        let C = 4, NH = 2
        let qkv = randomBuffer(B * T * 3 * C, seed: 5), w = randomBuffer(B * T * C, seed: 6)
        let mask = fixedMask(B * NH * T * T, seed: 7)
        let run = AttentionRun(B: B, T: T, C: C, NH: NH)
        func f() -> Double {
            run.forward(cx, qkv: qkv, mask: mask)
            return project(run.out.pointer, w)
        }
        _ = f()
        let masked = mask.array
        // The mask is read, never written: the backward pass needs it as drawn.
        _ = f()
        #expect(mask.array == masked)
        let dqkv = run.backward(cx, qkv: qkv, dout: w, mask: mask)
        #expect(relativeError(dqkv.array, numericGradient(qkv.pointer, count: B * T * 3 * C, f)) < 2e-3)
    }

    /// The whole model with dropout at every place nanoGPT has it; the same seed draws the same
    /// masks, so the loss is a fixed function of the parameters.
    @Test func wholeModelAgainstFiniteDifferences() throws {
        let check = try WholeModelCheck(GPTConfig(vocabSize: 11, blockSize: 5, nLayer: 2, nHead: 2, nEmbd: 8), seed: 22)
        let plain = check.loss()
        #expect(check.loss(dropout: (0.3, 9)) != plain, "dropout changes the training loss")
        #expect(check.loss(dropout: (0.3, 9)) == check.loss(dropout: (0.3, 9)), "the seed alone decides the masks")
        #expect(check.loss() == plain, "a pass without dropout is unchanged by the passes with it")
        check.expectGradientsMatch(dropout: (0.3, 9))
    }

    /// The masks are drawn in parallel pieces; the thread count must not change them.
    @Test func masksDoNotDependOnThreads() throws {
        let config = GPTConfig(vocabSize: 11, blockSize: 32, nLayer: 1, nHead: 2, nEmbd: 64)
        func masks(threads: Int) throws -> [Float] {
            let model = try GPT(config: config, compute: Compute(threads: threads))
            model.reserve(B: 8, T: 32, dropout: true)
            let a = model.acts!
            model.drawDropoutMasks(a, rate: 0.25, seed: 3, B: 8, T: 32)
            let x = a.layers[0], N = 8 * 32 * 64
            var all = Array(UnsafeBufferPointer(start: a.encodedMask, count: N))
            all += UnsafeBufferPointer(start: x.attProjMask, count: N)
            all += UnsafeBufferPointer(start: x.mlpMask, count: N)
            for r in 0..<(8 * 2 * 32) { all += UnsafeBufferPointer(start: x.attMask + r * 32, count: r % 32 + 1) }
            return all
        }
        let one = try masks(threads: 1)
        #expect(one.contains(0) && one.contains(1 / 0.75))
        #expect(try masks(threads: 2) == one)
    }

    /// Kept fraction 1−p within five standard deviations, every kept entry exactly 1/(1−p), so
    /// the expected output equals the input.
    @Test(arguments: [0.1, 0.5])
    func maskStatistics(rate: Float) {
        let n = 1_000_001
        let mask = FloatBuffer(count: n)
        var rng = RandomGenerator(seed: 11)
        fillDropoutMask(mask.pointer, count: n, rate: rate, rng: &rng)
        let values = mask.array
        let kept = values.filter { $0 != 0 }
        #expect(kept.allSatisfy { $0 == 1 / (1 - rate) })
        #expect(values.allSatisfy { $0 == 0 || $0 == 1 / (1 - rate) })
        let p = Double(rate), sigma = (p * (1 - p) / Double(n)).squareRoot()
        #expect(abs(Double(kept.count) / Double(n) - (1 - p)) < 5 * sigma)
        let mean = values.reduce(0.0) { $0 + Double($1) } / Double(n)
        #expect(abs(mean - 1) < 5 * sigma / (1 - p), "inverted dropout keeps the expectation")
        // Consecutive entries come from the two halves of one draw: they must not be correlated.
        var bothKept = 0
        for i in stride(from: 0, to: n - 1, by: 2) where values[i] != 0 && values[i + 1] != 0 { bothKept += 1 }
        let pairs = Double(n / 2), q = (1 - p) * (1 - p)
        #expect(abs(Double(bothKept) / pairs - q) < 5 * (q * (1 - q) / pairs).squareRoot())
    }
}

@Suite(.serialized) struct DropoutSessionTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-dropout-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func session(dropout: Double) throws -> Session {
        try smallTrainingSession(in: dir, extra: [("dropout", dropout), ("gradient_accumulation_steps", 2)])
    }

    /// Train N, save, load in a new session, train N again: the same as 2N straight, bit for bit,
    /// with dropout's masks continuing where they were.
    @Test func resumeWithDropoutIsBitIdentical() throws {
        let straight = try session(dropout: 0.2)
        try straight.train(steps: 10)
        let first = try session(dropout: 0.2)
        try first.train(steps: 5)
        let path = dir.appendingPathComponent("half.safetensors").path
        try first.save(path: path)
        let second = Session()
        try second.load(path: path)
        #expect(second.hyper.dropoutRate == 0.2)
        try second.train(steps: 5)
        #expect(second.metrics.steps.map(\.loss.bitPattern) == straight.metrics.steps.map(\.loss.bitPattern))
        #expect(second.model!.params.array == straight.model!.params.array)
        #expect(second.optimizer!.v.array == straight.optimizer!.v.array)
    }

    @Test func trainDropsAndEvaluationDoesNot() throws {
        let with = try session(dropout: 0.3), without = try session(dropout: 0)
        #expect(try with.evaluate(iters: 2) == without.evaluate(iters: 2), "evaluation runs without dropout")
        try with.train(steps: 2)
        try without.train(steps: 2)
        #expect(with.metrics.steps.map(\.loss) != without.metrics.steps.map(\.loss), "training runs with it")
    }

    /// At 0 there is no mask pass and no mask memory, and the run is the one without the setting.
    @Test func zeroDropoutIsTheModelWithout() throws {
        let zero = try session(dropout: 0)
        let unset = try session(dropout: 0)
        unset.hyper.dropout = nil
        let generator = zero.dropoutMasks
        try zero.train(steps: 3)
        try unset.train(steps: 3)
        #expect(zero.model!.params.array == unset.model!.params.array)
        #expect(zero.dropoutMasks == generator, "no masks were drawn")
        #expect(zero.model!.acts!.dropout == false)
        let on = try session(dropout: 0.1)
        try on.train(steps: 1)
        #expect(on.model!.activationBytes > zero.model!.activationBytes)
    }
}
