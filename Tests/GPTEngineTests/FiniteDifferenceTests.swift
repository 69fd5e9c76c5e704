import Foundation
import Testing
@testable import GPTEngine
@testable import GPTKernels

/// Central differences of a scalar function of the floats at `x`. The function's value is
/// accumulated in Double so that rounding in the sum does not swamp the difference.
func numericGradient(_ x: UnsafeMutablePointer<Float>, count: Int, h: Float = 1e-3, _ f: () -> Double) -> [Float] {
    (0..<count).map { i in
        let saved = x[i]
        x[i] = saved + h
        let up = f()
        x[i] = saved - h
        let down = f()
        x[i] = saved
        return Float((up - down) / Double(2 * h))
    }
}

/// A buffer of N(0, std) floats from a fixed seed.
func randomBuffer(_ n: Int, std: Double = 1, seed: UInt64) -> FloatBuffer {
    var rng = RandomGenerator(seed: seed)
    let b = FloatBuffer(count: n)
    for i in 0..<n { b.pointer[i] = Float(rng.nextGaussian() * std) }
    return b
}

/// Σ out·w in Double: a scalar whose gradient with respect to `out` is `w`.
func project(_ out: UnsafePointer<Float>, _ w: FloatBuffer) -> Double {
    var s = 0.0
    for i in 0..<w.count { s += Double(out[i]) * Double(w.pointer[i]) }
    return s
}

@Suite struct FiniteDifferenceTests {
    let cx = Compute(threads: 1)

    @Test func layerNorm() {
        let N = 3, C = 5
        let inp = randomBuffer(N * C, seed: 1), weight = randomBuffer(C, seed: 2), bias = randomBuffer(C, seed: 3)
        let w = randomBuffer(N * C, seed: 4)
        let out = FloatBuffer(count: N * C), mean = FloatBuffer(count: N), rstd = FloatBuffer(count: N)
        func f() -> Double {
            layerNormForward(cx, out: out.pointer, mean: mean.pointer, rstd: rstd.pointer, inp: inp.pointer,
                             weight: weight.pointer, bias: bias.pointer, N: N, C: C)
            return project(out.pointer, w)
        }
        _ = f()
        let dinp = FloatBuffer(count: N * C), dw = FloatBuffer(count: C), db = FloatBuffer(count: C)
        let scratch = FloatBuffer(count: 2 * C)
        layerNormBackward(cx, dinp: dinp.pointer, dweight: dw.pointer, dbias: db.pointer, dout: w.pointer,
                          inp: inp.pointer, weight: weight.pointer, mean: mean.pointer, rstd: rstd.pointer,
                          scratch: scratch.pointer, N: N, C: C)
        #expect(relativeError(dinp.array, numericGradient(inp.pointer, count: N * C, f)) < 2e-3)
        #expect(relativeError(dw.array, numericGradient(weight.pointer, count: C, f)) < 2e-3)
        #expect(relativeError(db.array, numericGradient(bias.pointer, count: C, f)) < 2e-3)
    }

    @Test func linear() {
        let N = 3, C = 4, OC = 5
        let inp = randomBuffer(N * C, seed: 5), weight = randomBuffer(OC * C, seed: 6), bias = randomBuffer(OC, seed: 7)
        let w = randomBuffer(N * OC, seed: 8)
        let out = FloatBuffer(count: N * OC)
        func f() -> Double {
            linearForward(cx, out: out.pointer, inp: inp.pointer, weight: weight.pointer, bias: bias.pointer, N: N, C: C, OC: OC)
            return project(out.pointer, w)
        }
        _ = f()
        let dinp = FloatBuffer(count: N * C), dw = FloatBuffer(count: OC * C), db = FloatBuffer(count: OC)
        linearBackward(cx, dinp: dinp.pointer, dweight: dw.pointer, dbias: db.pointer, dout: w.pointer,
                       inp: inp.pointer, weight: weight.pointer, N: N, C: C, OC: OC)
        #expect(relativeError(dinp.array, numericGradient(inp.pointer, count: N * C, f)) < 2e-3)
        #expect(relativeError(dw.array, numericGradient(weight.pointer, count: OC * C, f)) < 2e-3)
        #expect(relativeError(db.array, numericGradient(bias.pointer, count: OC, f)) < 2e-3)
    }

    @Test func linearAccumulatingIntoResidual() {
        let N = 2, C = 3, OC = 3
        let inp = randomBuffer(N * C, seed: 9), weight = randomBuffer(OC * C, seed: 10), bias = randomBuffer(OC, seed: 11)
        let residual = randomBuffer(N * OC, seed: 12)
        let out = FloatBuffer(count: N * OC), plain = FloatBuffer(count: N * OC)
        linearForward(cx, out: out.pointer, inp: inp.pointer, weight: weight.pointer, bias: bias.pointer, N: N, C: C, OC: OC, residual: residual.pointer)
        linearForward(cx, out: plain.pointer, inp: inp.pointer, weight: weight.pointer, bias: bias.pointer, N: N, C: C, OC: OC)
        for i in 0..<N * OC { #expect(abs(out.pointer[i] - (plain.pointer[i] + residual.pointer[i])) < 1e-5) }
    }

    @Test func gelu() {
        let N = 9
        let inp = randomBuffer(N, std: 2, seed: 13), w = randomBuffer(N, seed: 14)
        let out = FloatBuffer(count: N)
        func f() -> Double {
            geluForward(cx, out: out.pointer, inp: inp.pointer, N: N)
            return project(out.pointer, w)
        }
        let dinp = FloatBuffer(count: N)
        geluBackward(cx, dinp: dinp.pointer, inp: inp.pointer, dout: w.pointer, N: N)
        #expect(relativeError(dinp.array, numericGradient(inp.pointer, count: N, f)) < 2e-3)
    }

    /// Head sizes 3 (every column on the scalar path) and 32 (two full vectors of the register
    /// tiles, with a row tail of 8-row tiles at T=11).
    @Test(arguments: [(2, 4, 6, 2), (1, 11, 64, 2)])
    func attention(B: Int, T: Int, C: Int, NH: Int) {
        let qkv = randomBuffer(B * T * 3 * C, seed: 15), w = randomBuffer(B * T * C, seed: 16)
        let run = AttentionRun(B: B, T: T, C: C, NH: NH)
        func f() -> Double {
            run.forward(cx, qkv: qkv)
            return project(run.out.pointer, w)
        }
        _ = f()
        let dqkv = run.backward(cx, qkv: qkv, dout: w)
        #expect(relativeError(dqkv.array, numericGradient(qkv.pointer, count: B * T * 3 * C, f)) < 2e-3)
    }

    /// Long enough for three query blocks, the last one short: the blocked products must meet
    /// exactly the keys at or before each query, forward and backward. Head size 18: one full
    /// vector and two scalar columns.
    @Test(arguments: [4, 36])
    func attentionAcrossBlocks(C: Int) {
        let B = 1, T = 2 * attentionBlock + 7, NH = 2
        let qkv = randomBuffer(B * T * 3 * C, seed: 25), w = randomBuffer(B * T * C, seed: 26)
        let run = AttentionRun(B: B, T: T, C: C, NH: NH)
        func f() -> Double {
            run.forward(cx, qkv: qkv)
            return project(run.out.pointer, w)
        }
        _ = f()
        for pair in 0..<B * NH {
            for i in 0..<T {
                let row = run.probabilities.pointer + pair * T * T + i * T
                var sum: Float = 0
                for j in 0...i { sum += row[j] }
                #expect(abs(sum - 1) < 1e-5)
                #expect((i + 1 ..< T).allSatisfy { row[$0] == 0 })
            }
        }
        let dqkv = run.backward(cx, qkv: qkv, dout: w)
        #expect(relativeError(dqkv.array, numericGradient(qkv.pointer, count: B * T * 3 * C, f)) < 2e-3)
    }

    /// The probabilities against a plain softmax of the scores, computed here in Double.
    @Test func attentionProbabilitiesAgainstAReference() {
        let B = 1, T = attentionBlock + 5, C = 64, NH = 2, hs = C / NH
        let qkv = randomBuffer(B * T * 3 * C, seed: 27)
        let run = AttentionRun(B: B, T: T, C: C, NH: NH)
        run.forward(cx, qkv: qkv)
        var worst = 0.0
        for h in 0..<NH {
            for i in 0..<T {
                let q = qkv.pointer + i * 3 * C + h * hs
                let scores = (0...i).map { j -> Double in
                    let k = qkv.pointer + j * 3 * C + C + h * hs
                    return (0..<hs).reduce(0.0) { $0 + Double(q[$1]) * Double(k[$1]) } / Double(hs).squareRoot()
                }
                let top = scores.max()!, sum = scores.reduce(0.0) { $0 + exp($1 - top) }
                for j in 0...i {
                    let p = Double(run.probabilities.pointer[h * T * T + i * T + j])
                    worst = max(worst, abs(p - exp(scores[j] - top) / sum))
                }
            }
        }
        #expect(worst < 1e-6)
    }

    @Test func attentionIsCausal() {
        let B = 1, T = 5, C = 4, NH = 1
        let qkv = randomBuffer(B * T * 3 * C, seed: 17)
        let run = AttentionRun(B: B, T: T, C: C, NH: NH)
        run.forward(cx, qkv: qkv)
        let before = run.out.array
        // Changing the last position's keys and values must not change any earlier output.
        for j in 0..<3 * C { qkv.pointer[(T - 1) * 3 * C + j] += 1 }
        run.forward(cx, qkv: qkv)
        #expect(Array(run.out.array[0..<(T - 1) * C]) == Array(before[0..<(T - 1) * C]))
        #expect(run.out.array[(T - 1) * C ..< T * C] != before[(T - 1) * C ..< T * C])
    }

    @Test func crossEntropy() {
        let N = 3, V = 6
        let logits = randomBuffer(N * V, seed: 18)
        let targets: [Int32] = [2, 0, 5]
        let probs = FloatBuffer(count: N * V), losses = FloatBuffer(count: N)
        func f() -> Double {
            probs.copy(from: logits)
            targets.withUnsafeBufferPointer {
                crossEntropyForward(cx, probs: probs.pointer, losses: losses.pointer, targets: $0.baseAddress!, N: N, V: V)
            }
            return (0..<N).reduce(0.0) { $0 + Double(losses.pointer[$1]) } / Double(N)
        }
        _ = f()
        targets.withUnsafeBufferPointer {
            crossEntropyBackward(cx, dlogits: probs.pointer, targets: $0.baseAddress!, dloss: 1 / Float(N), N: N, V: V)
        }
        #expect(relativeError(probs.array, numericGradient(logits.pointer, count: N * V, f)) < 2e-3)
    }

    @Test func encoder() {
        let B = 2, T = 3, C = 4, V = 5
        let wte = randomBuffer(V * C, seed: 19), wpe = randomBuffer(T * C, seed: 20), w = randomBuffer(B * T * C, seed: 21)
        let idx: [Int32] = [1, 4, 1, 0, 2, 4]
        let out = FloatBuffer(count: B * T * C)
        func f() -> Double {
            idx.withUnsafeBufferPointer { encoderForward(out: out.pointer, idx: $0.baseAddress!, wte: wte.pointer, wpe: wpe.pointer, B: B, T: T, C: C) }
            return project(out.pointer, w)
        }
        let dwte = FloatBuffer(count: V * C), dwpe = FloatBuffer(count: T * C)
        idx.withUnsafeBufferPointer { encoderBackward(dwte: dwte.pointer, dwpe: dwpe.pointer, dout: w.pointer, idx: $0.baseAddress!, B: B, T: T, C: C) }
        #expect(relativeError(dwte.array, numericGradient(wte.pointer, count: V * C, f)) < 2e-3)
        #expect(relativeError(dwpe.array, numericGradient(wpe.pointer, count: T * C, f)) < 2e-3)
    }

    /// The whole model, every parameter tensor, against central differences of the loss.
    @Test func wholeModel() throws {
        try WholeModelCheck(GPTConfig(vocabSize: 11, blockSize: 5, nLayer: 2, nHead: 2, nEmbd: 8), seed: 22)
            .expectGradientsMatch()
    }
}

/// A small GPT with random parameters (LayerNorm weights near 1) and a random batch of B 2,
/// T 5, whose whole-model gradients are checked against central differences of the loss.
struct WholeModelCheck {
    let model: GPT
    let idx, targets: [Int32]
    let B = 2, T = 5

    init(_ config: GPTConfig, seed: UInt64) throws {
        model = try GPT(config: config)
        var rng = RandomGenerator(seed: seed)
        for i in 0..<model.layout.count { model.params.pointer[i] = Float(rng.nextGaussian() * 0.3) }
        for e in model.layout.entries where e.name.contains("ln_") && e.name.hasSuffix("weight") {
            for i in 0..<e.count { model.params.pointer[e.offset + i] += 1 }
        }
        let V = config.vocabSize, n = B * T
        idx = (0..<n).map { _ in Int32(rng.next(below: V)) }
        targets = (0..<n).map { _ in Int32(rng.next(below: V)) }
    }

    func loss(dropout: (rate: Float, seed: UInt64)? = nil) -> Double {
        Double(idx.withUnsafeBufferPointer { i in targets.withUnsafeBufferPointer { t in
            model.forward(idx: i.baseAddress!, targets: t.baseAddress!, B: B, T: T, dropout: dropout) } })
    }

    /// Backward at `dropout`, then every tensor against central differences. The attention key
    /// biases have zero true gradient (softmax cancels them, dropped or not): they are checked
    /// to be noise and left out of the comparison.
    func expectGradientsMatch(dropout: (rate: Float, seed: UInt64)? = nil) {
        model.zeroGrad()
        _ = loss(dropout: dropout)
        model.backward()
        let C = model.config.nEmbd
        for e in model.layout.entries {
            let analytic = Array(UnsafeBufferPointer(start: model.grads.pointer + e.offset, count: e.count))
            let numeric = numericGradient(model.params.pointer + e.offset, count: e.count, h: 3e-3) { loss(dropout: dropout) }
            var analyticChecked = analytic, numericChecked = numeric
            if e.name.hasSuffix("c_attn.bias") {
                analyticChecked.removeSubrange(C ..< 2 * C)
                numericChecked.removeSubrange(C ..< 2 * C)
                #expect(analytic[C ..< 2 * C].allSatisfy { abs($0) < 1e-5 })
            }
            let err = relativeError(analyticChecked, numericChecked)
            #expect(err < 1e-2, "\(e.name): relative error \(err)")
        }
    }
}
