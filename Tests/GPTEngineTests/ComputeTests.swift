import Foundation
import Synchronization
import Testing
@testable import GPTEngine
@testable import GPTKernels

@Suite struct WorkerPoolTests {
    @Test(arguments: [2, 3, 4])
    func everyPartRunsOnceInEveryRegion(threads: Int) {
        let cx = Compute(threads: threads)
        for region in 0..<50 {
            var hits = [Int](repeating: 0, count: 1000)
            hits.withUnsafeMutableBufferPointer { h in
                let p = h.baseAddress!
                cx.split(1000, into: threads) { _, r in for i in r { p[i] += 1 } }
            }
            #expect(hits.allSatisfy { $0 == 1 }, "region \(region)")
        }
    }

    /// Regions after the workers have gone to sleep must wake them. Each part waits for the
    /// other to start, which only a woken worker can do (the wait gives up after 20 s, and then
    /// the test fails instead of hanging).
    @Test func sleepingWorkersWakeForTheNextRegion() {
        let cx = Compute(threads: 2)
        for round in 0..<5 {
            usleep(20_000)
            let started = Atomic<Int>(0)
            // NSLock (a pthread mutex) rather than Synchronization's Mutex, whose futex
            // ThreadSanitizer cannot see (scripts/test-sanitizers).
            let lock = NSLock()
            var threads = Set<UInt>()
            cx.split(2, into: 2) { _, _ in
                started.add(1, ordering: .sequentiallyConsistent)
                lock.withLock { _ = threads.insert(UInt(pthread_self())) }
                let deadline = Date().addingTimeInterval(20)
                while started.load(ordering: .sequentiallyConsistent) < 2 && Date() < deadline { usleep(100) }
            }
            #expect(lock.withLock { threads.count } == 2, "round \(round)")
        }
    }

    @Test func aNestedRegionStopsTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let cx = Compute(threads: 2)
            cx.split(8, into: 2) { _, _ in
                cx.split(8, into: 2) { _, _ in }
            }
        }
    }
}

/// Every kernel at a size above its parallel threshold, at 1 and at 4 threads: the results must
/// agree with the serial ones (exactly where each element is computed by one thread, to
/// rounding where per-thread partial sums are added).
@Suite struct KernelThreadTests {
    let serial = Compute(threads: 1)
    let parallel = Compute(threads: 4)

    func both(_ f: (Compute) -> [Float]) -> (serial: [Float], parallel: [Float]) {
        (f(serial), f(parallel))
    }

    @Test func matmulByRowsAndByColumns() {
        for (m, n, k) in [(96, 80, 64), (1, 2048, 160)] {
            #expect(m * n * k >= Compute.Threshold.matmul.rawValue)
            let a = randomBuffer(m * k, seed: 1), b = randomBuffer(n * k, seed: 2)
            let r = both { cx in
                let c = FloatBuffer(count: m * n)
                cx.matmulParallel(transA: false, transB: true, m: m, n: n, k: k, a: Rows(a.pointer), lda: k,
                                  b: Rows(b.pointer), ldb: k, beta: 0, c: c.pointer, ldc: n)
                return c.array
            }
            #expect(relativeError(r.parallel, r.serial) < 1e-6)
            var exact = [Float](repeating: 0, count: m * n)
            for i in 0..<m { for j in 0..<n {
                var s = 0.0
                for p in 0..<k { s += Double(a.pointer[i * k + p]) * Double(b.pointer[j * k + p]) }
                exact[i * n + j] = Float(s)
            } }
            #expect(relativeError(r.serial, exact) < 1e-5)
            // The bias and the residual are added inside the product, on every path.
            let bias = randomBuffer(n, seed: 3), residual = randomBuffer(m * n, seed: 4)
            let fused = FloatBuffer(count: m * n)
            parallel.matmulParallel(transA: false, transB: true, m: m, n: n, k: k, a: Rows(a.pointer), lda: k,
                                    b: Rows(b.pointer), ldb: k, beta: 0, c: fused.pointer, ldc: n,
                                    bias: bias.pointer, residual: residual.pointer, ldr: n)
            let added = (0..<m * n).map { exact[$0] + bias.pointer[$0 % n] + residual.pointer[$0] }
            #expect(relativeError(fused.array, added) < 1e-5)
        }
    }

    @Test func layerNormForwardAndBackward() {
        let N = 64, C = 128
        let inp = randomBuffer(N * C, seed: 3), w = randomBuffer(C, seed: 4), bias = randomBuffer(C, seed: 5)
        let dout = randomBuffer(N * C, seed: 6)
        let r = both { cx in
            let out = FloatBuffer(count: N * C), mean = FloatBuffer(count: N), rstd = FloatBuffer(count: N)
            layerNormForward(cx, out: out.pointer, mean: mean.pointer, rstd: rstd.pointer, inp: inp.pointer,
                             weight: w.pointer, bias: bias.pointer, N: N, C: C)
            let dinp = FloatBuffer(count: N * C), dw = FloatBuffer(count: C), db = FloatBuffer(count: C)
            let scratch = FloatBuffer(count: cx.threads * 2 * C)
            layerNormBackward(cx, dinp: dinp.pointer, dweight: dw.pointer, dbias: db.pointer, dout: dout.pointer,
                              inp: inp.pointer, weight: w.pointer, mean: mean.pointer, rstd: rstd.pointer,
                              scratch: scratch.pointer, N: N, C: C)
            return out.array + dinp.array + dw.array + db.array
        }
        #expect(Array(r.parallel[0..<2 * N * C]) == Array(r.serial[0..<2 * N * C]))
        #expect(relativeError(Array(r.parallel[(2 * N * C)...]), Array(r.serial[(2 * N * C)...])) < 1e-5)
    }

    @Test func geluForwardAndBackward() {
        let N = 8192
        let x = randomBuffer(N, seed: 7), dout = randomBuffer(N, seed: 8)
        let r = both { cx in
            let out = FloatBuffer(count: N), dinp = FloatBuffer(count: N)
            geluForward(cx, out: out.pointer, inp: x.pointer, N: N)
            geluBackward(cx, dinp: dinp.pointer, inp: x.pointer, dout: dout.pointer, N: N)
            return out.array + dinp.array
        }
        #expect(r.parallel == r.serial)
    }

    @Test func crossEntropyForwardAndBackward() {
        let N = 64, V = 300
        let logits = randomBuffer(N * V, seed: 9)
        let targets = (0..<N).map { Int32($0 * 7 % V) }
        let r = both { cx in
            let probs = FloatBuffer(count: N * V), losses = FloatBuffer(count: N)
            probs.copy(from: logits)
            targets.withUnsafeBufferPointer { t in
                crossEntropyForward(cx, probs: probs.pointer, losses: losses.pointer, targets: t.baseAddress!, N: N, V: V)
                crossEntropyBackward(cx, dlogits: probs.pointer, targets: t.baseAddress!, dloss: 1 / Float(N), N: N, V: V)
            }
            return losses.array + probs.array
        }
        #expect(r.parallel == r.serial)
    }

    @Test func attentionForwardAndBackward() {
        let B = 2, T = attentionBlock + 16, C = 16, NH = 2
        #expect(B * NH * T * T * (C / NH) >= Compute.Threshold.elementwise.rawValue)
        let qkv = randomBuffer(B * T * 3 * C, seed: 10), dout = randomBuffer(B * T * C, seed: 11)
        let r = both { cx in
            let run = AttentionRun(B: B, T: T, C: C, NH: NH, threads: cx.threads)
            run.forward(cx, qkv: qkv)
            let dqkv = run.backward(cx, qkv: qkv, dout: dout)
            return run.out.array + run.stats.array + run.probabilities.array + dqkv.array
        }
        #expect(r.parallel == r.serial)
    }

    @Test func adamWNormAndClipping() throws {
        let config = GPTConfig(vocabSize: 50, blockSize: 8, nLayer: 2, nHead: 2, nEmbd: 64)
        let layout = ParameterLayout(config: config)
        #expect(layout.count >= Compute.Threshold.reduction.rawValue)
        let grads = randomBuffer(layout.count, seed: 12)
        let r = both { cx in
            let params = randomBuffer(layout.count, seed: 13), g = FloatBuffer(count: layout.count)
            g.copy(from: grads)
            let norm = gradientNorm(g, compute: cx)
            clipGradients(g, norm: norm, maxNorm: 1, compute: cx)
            let opt = AdamW(layout: layout)
            opt.update(params: params, grads: g, lr: 1e-2, settings: .init(), compute: cx)
            return [norm] + params.array + opt.m.array + opt.v.array
        }
        #expect(abs(r.parallel[0] - r.serial[0]) <= 1e-6 * r.serial[0])
        #expect(relativeError(Array(r.parallel.dropFirst()), Array(r.serial.dropFirst())) < 1e-6)
    }

    @Test func wholeModelForwardAndBackward() {
        let config = GPTConfig(vocabSize: 40, blockSize: attentionBlock + 8, nLayer: 2, nHead: 2, nEmbd: 32)
        let B = 2, T = config.blockSize
        var rng = RandomGenerator(seed: 14)
        let idx = (0..<B * T).map { _ in Int32(rng.next(below: config.vocabSize)) }
        let targets = (0..<B * T).map { _ in Int32(rng.next(below: config.vocabSize)) }
        let r = both { cx in
            let model = try! GPT(config: config, compute: cx)
            model.initialize(seed: 15)
            let loss = idx.withUnsafeBufferPointer { i in
                targets.withUnsafeBufferPointer { t in
                    model.forward(idx: i.baseAddress!, targets: t.baseAddress!, B: B, T: T)
                }
            }
            model.backward()
            return [loss] + model.grads.array
        }
        #expect(abs(r.parallel[0] - r.serial[0]) <= 1e-6 * r.serial[0])
        #expect(relativeError(Array(r.parallel.dropFirst()), Array(r.serial.dropFirst())) < 1e-5)
    }

    /// Primitives are made when a shape first appears: a second training step makes none.
    @Test func aSecondStepCreatesNoPrimitive() throws {
        let config = GPTConfig(vocabSize: 40, blockSize: attentionBlock + 8, nLayer: 2, nHead: 2, nEmbd: 32)
        let model = try GPT(config: config, compute: parallel)
        model.initialize(seed: 16)
        let B = 2, T = config.blockSize
        let idx = (0..<B * T).map { Int32($0 % config.vocabSize) }
        func step() {
            idx.withUnsafeBufferPointer { i in _ = model.forward(idx: i.baseAddress!, targets: i.baseAddress!, B: B, T: T) }
            model.backward()
        }
        step()
        let made = parallel.matmuls.map(\.count).reduce(0, +)
        #expect(made > 0)
        step()
        #expect(parallel.matmuls.map(\.count).reduce(0, +) == made)
    }
}
