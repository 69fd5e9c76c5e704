import Foundation
import Testing
@testable import GPTEngine

/// Compares the engine with PyTorch on the fixture written by scripts/make_fixtures.py.
@Suite struct PyTorchAgreementTests {
    let file: SafeTensorsFile
    let model: GPT
    let idx: [Int32]
    let targets: [Int32]
    let B: Int
    let T: Int

    init() throws {
        file = try SafeTensorsFile(path: fixtureURL("gpt2_tiny.safetensors").path)
        let m = file.metadata
        func int(_ k: String) -> Int { Int(m[k]!)! }
        let config = GPTConfig(vocabSize: int("V"), blockSize: int("T"), nLayer: int("L"), nHead: int("H"), nEmbd: int("C"))
        model = try GPT(config: config)
        for e in model.layout.entries {
            try file.copyFloats("param." + e.name, shape: e.shape, into: model.params.pointer + e.offset)
        }
        idx = try file.int32s("idx")
        targets = try file.int32s("targets")
        B = int("B")
        T = int("T")
    }

    @Test func logitsAndLossMatch() throws {
        _ = idx.withUnsafeBufferPointer { model.forward(idx: $0.baseAddress!, targets: nil, B: B, T: T) }
        let n = B * T * model.config.vocabSize
        let err = relativeError(UnsafeBufferPointer(start: model.logits, count: n), try file.floats("logits"))
        #expect(err <= 1e-5, "logits relative error \(err)")
        let loss = forwardLoss()
        let ref = try file.floats("loss")[0]
        #expect(abs(loss - ref) / ref <= 1e-5, "loss \(loss) vs PyTorch \(ref)")
    }

    @Test func everyGradientMatches() throws {
        model.zeroGrad()
        _ = forwardLoss()
        model.backward()
        for e in model.layout.entries {
            let mine = UnsafeBufferPointer(start: model.grads.pointer + e.offset, count: e.count)
            let err = relativeError(mine, try file.floats("grad." + e.name))
            #expect(err <= 1e-4, "gradient of \(e.name): relative error \(err)")
        }
    }

    @Test func threeAdamWStepsWithClippingAndScheduleMatch() throws {
        let m = file.metadata
        func real(_ k: String) -> Double { Double(m[k]!)! }
        let schedule = LRSchedule(maxLR: real("lr"), minLR: real("min_lr"),
                                  warmupIters: Int(m["warmup_iters"]!)!, decayIters: Int(m["lr_decay_iters"]!)!)
        let settings = AdamW.Settings(beta1: Float(real("beta1")), beta2: Float(real("beta2")),
                                      eps: Float(real("eps")), weightDecay: Float(real("weight_decay")))
        let optimizer = AdamW(layout: model.layout)
        let refLosses = try file.floats("losses"), refNorms = try file.floats("grad_norms"), refLRs = try file.floats("lrs")
        for step in 0..<3 {
            model.zeroGrad()
            let loss = forwardLoss()
            model.backward()
            let norm = gradientNorm(model.grads, compute: model.compute)
            clipGradients(model.grads, norm: norm, maxNorm: Float(real("grad_clip")), compute: model.compute)
            let lr = schedule.lr(at: step)
            optimizer.update(params: model.params, grads: model.grads, lr: Float(lr), settings: settings, compute: model.compute)
            #expect(abs(loss - refLosses[step]) / refLosses[step] <= 1e-5, "step \(step) loss \(loss) vs \(refLosses[step])")
            #expect(abs(norm - refNorms[step]) / refNorms[step] <= 1e-4, "step \(step) norm \(norm) vs \(refNorms[step])")
            #expect(abs(Float(lr) - refLRs[step]) / refLRs[step] <= 1e-6, "step \(step) lr \(lr) vs \(refLRs[step])")
        }
        let C = model.config.nEmbd
        for e in model.layout.entries {
            var mine = Array(UnsafeBufferPointer(start: model.params.pointer + e.offset, count: e.count))
            var ref = try file.floats("updated." + e.name)
            if e.name.hasSuffix("attn.c_attn.bias") {
                // The key bias adds the same q·b to every score of a row, which softmax cancels:
                // its true gradient is zero and both sides hold only rounding noise there, which
                // Adam's m/√v turns into steps of ±lr in arbitrary directions. Compare q and v
                // biases, and check that the key-bias gradient really is noise.
                let grad = try file.floats("grad." + e.name)
                let gradScale = grad.map(abs).max()!
                #expect(grad[C ..< 2 * C].allSatisfy { abs($0) <= 1e-5 * gradScale })
                mine.removeSubrange(C ..< 2 * C)
                ref.removeSubrange(C ..< 2 * C)
            }
            let err = relativeError(mine, ref)
            #expect(err <= 1e-4, "\(e.name) after 3 steps: relative error \(err)")
        }
    }

    private func forwardLoss() -> Float {
        idx.withUnsafeBufferPointer { i in
            targets.withUnsafeBufferPointer { t in
                model.forward(idx: i.baseAddress!, targets: t.baseAddress!, B: B, T: T)
            }
        }
    }
}
