import Foundation
import GPTKernels

/// A GPT-2 model: parameters, their gradients, and the activations of the last forward pass.
/// The layer kernels live in Layers/; this file only wires them in GPT-2's order.
public final class GPT {
    public let config: GPTConfig
    public let layout: ParameterLayout
    public let params: FloatBuffer
    public let grads: FloatBuffer
    private(set) var acts: Activations?
    private var lastB = 0
    private var lastT = 0
    private var lastHadTargets = false
    /// Targets at or above 0 in the last forward pass with targets, the loss's denominator.
    private var countedTargets = 1
    private var lastHadDropout = false

    /// The threads and kernels this model runs on; the session hands over its own.
    public var compute: Compute

    /// How the matrix products run. In bfloat16 the products read `lowWeights`, a rounded copy
    /// of `params` (which stay the float32 master weights), and activations that feed products
    /// are kept in bfloat16. Changing it drops the activations, laid out for the old one.
    public var precision: Precision = .float32 {
        didSet {
            guard precision != oldValue else { return }
            lowWeights = precision == .bfloat16 ? FloatBuffer(count: (layout.count + 1) / 2) : nil
            lowWeightsCurrent = false
            acts = nil
            cachedGenerationActivations = nil
        }
    }

    /// Activation checkpointing: with it, the blocks keep only their outputs and share one
    /// block's activations, which backward recomputes block by block (one more forward pass
    /// but the last block's, for about 1/L of the activations). Gradients are bit-identical.
    public var recompute = false {
        didSet { if recompute != oldValue { acts = nil } }
    }

    /// `params` rounded to bfloat16, two to a float of the buffer; nil in float32.
    private var lowWeights: FloatBuffer?
    private var lowWeightsCurrent = false

    public init(config: GPTConfig, compute: Compute = Compute(threads: 1)) throws {
        try config.validate()
        self.config = config
        self.compute = compute
        layout = ParameterLayout(config: config)
        params = FloatBuffer(count: layout.count)
        grads = FloatBuffer(count: layout.count)
    }

    public var parameterCount: Int { layout.count }

    /// GPT-2 / nanoGPT initialisation: N(0, 0.02) for matrices and embeddings, the residual
    /// output projections scaled by 1/√(2·n_layer), zero biases, unit LayerNorm weights.
    public func initialize(seed: UInt64) {
        var rng = RandomGenerator(seed: seed)
        let residualStd = 0.02 / (2.0 * Double(config.nLayer)).squareRoot()
        for e in layout.entries {
            let p = params.pointer + e.offset
            if e.shape.count >= 2 {
                let std = e.name.hasSuffix("c_proj.weight") ? residualStd : 0.02
                for i in 0..<e.count { p[i] = Float(rng.nextGaussian() * std) }
            } else if e.name.contains("ln_") && e.name.hasSuffix(".weight") {
                p.update(repeating: 1, count: e.count)
            } else {
                p.update(repeating: 0, count: e.count)
            }
        }
        parametersChanged()
    }

    /// Every change to `params` other than an optimizer step (which rounds as it updates) must
    /// say so here, so the bfloat16 copy is rounded again before the next product reads it.
    public func parametersChanged() { lowWeightsCurrent = false }

    /// Where an optimizer step about to update every weight rounds them to, in bfloat16; nil in
    /// float32. Calling it counts the copy as current, so the step must write all of it.
    func lowWeightsForStep() -> UnsafeMutablePointer<UInt16>? {
        guard let lowWeights else { return nil }
        lowWeightsCurrent = true
        return UnsafeMutableRawPointer(lowWeights.pointer).assumingMemoryBound(to: UInt16.self)
    }

    /// The matrix at `offset` of the parameters in the products' precision.
    @inline(__always)
    private func weight(_ offset: Int) -> Rows {
        guard let lowWeights else { return Rows(params.pointer + offset) }
        return Rows(UnsafeMutableRawPointer(lowWeights.pointer), .bfloat16).at(offset)
    }

    private func prepareWeights() {
        guard let lowWeights, !lowWeightsCurrent else { return }
        roundToBFloat16(compute, UnsafeMutableRawPointer(lowWeights.pointer).assumingMemoryBound(to: UInt16.self),
                        params.pointer, count: layout.count)
        lowWeightsCurrent = true
    }

    /// Makes sure activations exist for at least B sequences of the full block size, so that
    /// passes over growing contexts (generation) never reallocate; allocates only when B grows
    /// or when dropout first needs room for its masks.
    public func reserve(B: Int, T: Int, dropout: Bool = false) {
        precondition(T <= config.blockSize)
        if let a = acts, a.maxB >= B, a.threads >= compute.threads, a.dropout || !dropout { return }
        acts = Activations(config: config, B: B, T: config.blockSize, threads: compute.threads,
                           dropout: dropout || acts?.dropout == true, precision: precision, recompute: recompute)
    }

    public var activationBytes: Int { (acts?.floatCount ?? 0) * 4 }

    /// Forward-only activations for one sequence of the full block size: the key/value cache of
    /// generation. Made once and reused by every sample, so a sample's first token does not pay
    /// for allocating and clearing them.
    var generationActivations: Activations {
        // Each thread has its own attention scratch: a pool grown since needs a larger one.
        if let a = cachedGenerationActivations, a.threads >= compute.threads { return a }
        let a = Activations(config: config, B: 1, T: config.blockSize, threads: compute.threads, training: false,
                            precision: precision)
        cachedGenerationActivations = a
        return a
    }
    private var cachedGenerationActivations: Activations?

    /// Runs the model on `idx` (B,T). With targets, returns the mean cross-entropy over the targets at or
    /// above 0 (below 0: not counted) and keeps
    /// what `backward` needs; without, leaves the logits (B,T,V) readable through `logits`.
    /// With `dropout` (training only), its masks are drawn from a generator seeded with `seed`,
    /// so the same seed drops the same elements.
    @discardableResult
    public func forward(idx: UnsafePointer<Int32>, targets: UnsafePointer<Int32>?, B: Int, T: Int,
                        dropout: (rate: Float, seed: UInt64)? = nil) -> Float {
        precondition(T <= config.blockSize && T >= 1 && B >= 1)
        let drop = dropout.map { $0.rate > 0 } ?? false
        reserve(B: B, T: T, dropout: drop)
        let a = acts!
        let BT = B * T
        a.idx.update(from: idx, count: BT)
        if let dropout, drop { drawDropoutMasks(a, rate: dropout.rate, seed: dropout.seed, B: B, T: T) }
        lastHadDropout = drop
        layers(a, idx: idx, B: B, T: T, past: 0, dropout: drop)
        lastB = B
        lastT = T
        guard let targets else {
            lastHadTargets = false
            return .nan
        }
        lastHadTargets = true
        a.targets.update(from: targets, count: BT)
        crossEntropyForward(compute, probs: a.logits, losses: a.losses, targets: targets, N: BT, V: config.vocabSize)
        var sum: Float = 0
        var counted = 0
        for i in 0..<BT {
            sum += a.losses[i]
            if targets[i] >= 0 { counted += 1 }
        }
        // The mean over the targets that count (all of them but for pairs' prompts and padding);
        // with none, the loss is 0 and backward gives no gradient.
        countedTargets = max(counted, 1)
        return sum / Float(countedTargets)
    }

    /// The same forward pass for generation: `count` new tokens at positions past..<past+count
    /// of the cache's one sequence, whose earlier positions the cache already holds. Returns the
    /// logits (V) after the last new token.
    func forward(cache: KVCache, tokens: UnsafePointer<Int32>, count: Int, past: Int) -> UnsafePointer<Float> {
        precondition(count >= 1 && past + count <= config.blockSize)
        layers(cache.acts, idx: tokens, B: 1, T: count, past: past)
        return UnsafePointer(cache.acts.logits + (past + count - 1) * config.vocabSize)
    }

    /// GPT-2's layers in order, from token ids to logits, for positions past..<past+T of each of
    /// the B sequences. `past` > 0 (B = 1) extends a sequence whose earlier rows `a` holds.
    /// With `dropout` (only over whole sequences), the masks drawn into `a` are applied.
    private func layers(_ a: Activations, idx: UnsafePointer<Int32>, B: Int, T: Int, past: Int, dropout: Bool = false) {
        precondition(!dropout || past == 0)
        precondition(!a.keepsProbabilities || (past == 0 && B == 1 && T == a.maxT))
        prepareWeights()
        let C = config.nEmbd, NH = config.nHead, V = config.vocabSize, N = B * T
        let p = params.pointer
        let o = past
        encoderForward(out: a.encoded + o * C, idx: idx, wte: p + layout.wte, wpe: p + layout.wpe + o * C, B: B, T: T, C: C)
        if dropout { dropoutForward(compute, out: a.encoded, inp: a.encoded, mask: a.encodedMask, N: N * C) }
        for l in 0..<config.nLayer { block(l, a, B: B, T: T, past: past, dropout: dropout) }
        let last = a.layers[config.nLayer - 1].res3 + o * C
        layerNormForward(compute, out: a.lnf.at(o * C), mean: a.lnfMean + o, rstd: a.lnfRstd + o, inp: last,
                         weight: p + layout.lnfw, bias: p.at(layout.lnfb), N: N, C: C)
        linearForward(compute, out: a.logits + o * V, inp: a.lnf.at(o * C), weight: weight(layout.wte), bias: nil, N: N, C: C, OC: V)
    }

    /// Block `l` of GPT-2 for positions past..<past+T of the B sequences: the forward pass runs
    /// every block in turn, and with `recompute` the backward pass runs each but the last again,
    /// to refill the activations the blocks then share.
    private func block(_ l: Int, _ a: Activations, B: Int, T: Int, past: Int, dropout: Bool) {
        let C = config.nEmbd, NH = config.nHead, N = B * T
        let p = params.pointer
        let o = past
        let w = layout.blocks[l]
        let x = a.layers[l]
        let residual = (l == 0 ? a.encoded : a.layers[l - 1].res3) + o * C
        let res2 = x.res2 + o * C, res3 = x.res3 + o * C
        let ln1 = x.ln1.at(o * C), ln2 = x.ln2.at(o * C), atty = x.atty.at(o * C)
        let fch = x.fch + o * 4 * C, fchGelu = x.fchGelu.at(o * 4 * C)
        layerNormForward(compute, out: ln1, mean: x.ln1Mean + o, rstd: x.ln1Rstd + o, inp: residual,
                         weight: p + w.ln1w, bias: p.at(w.ln1b), N: N, C: C)
        linearForward(compute, out: x.qkv + o * 3 * C, inp: ln1, weight: weight(w.qkvw), bias: p.at(w.qkvb), N: N, C: C, OC: 3 * C)
        // Attention runs in float32; in bfloat16 its output is rounded once for the product.
        attentionForward(compute, out: x.atty.floats ?? a.attyFloat, stats: a.training ? x.attStats : nil,
                         probabilities: x.probabilities, qkv: x.qkv, scratch: a.attScratch, B: B, T: past + T, C: C,
                         NH: NH, from: past, mask: dropout ? UnsafePointer(x.attMask) : nil)
        if let low = atty.low { roundToBFloat16(compute, low, a.attyFloat + o * C, count: N * C) }
        if dropout {
            linearForward(compute, out: res2, inp: atty, weight: weight(w.attprojw), bias: p.at(w.attprojb), N: N, C: C, OC: C)
            dropoutResidualForward(compute, out: res2, branch: res2, residual: residual, mask: x.attProjMask, N: N * C)
        } else {
            linearForward(compute, out: res2, inp: atty, weight: weight(w.attprojw), bias: p.at(w.attprojb),
                          N: N, C: C, OC: C, residual: residual)
        }
        layerNormForward(compute, out: ln2, mean: x.ln2Mean + o, rstd: x.ln2Rstd + o, inp: res2,
                         weight: p + w.ln2w, bias: p.at(w.ln2b), N: N, C: C)
        linearForward(compute, out: fch, inp: ln2, weight: weight(w.fcw), bias: p.at(w.fcb), N: N, C: C, OC: 4 * C)
        geluForward(compute, out: fchGelu, inp: fch, N: N * 4 * C)
        if dropout {
            linearForward(compute, out: res3, inp: fchGelu, weight: weight(w.fcprojw), bias: p.at(w.fcprojb), N: N, C: 4 * C, OC: C)
            dropoutResidualForward(compute, out: res3, branch: res3, residual: res2, mask: x.mlpMask, N: N * C)
        } else {
            linearForward(compute, out: res3, inp: fchGelu, weight: weight(w.fcprojw), bias: p.at(w.fcprojb),
                          N: N, C: 4 * C, OC: C, residual: res2)
        }
    }

    /// Logits of the last forward pass without targets, (B,T,V).
    public var logits: UnsafePointer<Float> {
        precondition(!lastHadTargets, "logits are overwritten by probabilities when targets are given")
        return UnsafePointer(acts!.logits)
    }

    /// Runs the model on one sequence `idx` (T) and returns every layer's softmax attention
    /// probabilities, (n_head, T, T) per layer: row i of a head's T×T matrix holds query i's
    /// weights over keys 0...i. Training never keeps them, so this pass has activations of its own.
    public func attentionProbabilities(idx: UnsafePointer<Int32>, T: Int) -> [[Float]] {
        precondition(T >= 1 && T <= config.blockSize)
        let a = Activations(config: config, B: 1, T: T, threads: compute.threads, training: false,
                            precision: precision, keepsProbabilities: true)
        layers(a, idx: idx, B: 1, T: T, past: 0)
        return a.layers.map { Array(UnsafeBufferPointer(start: $0.probabilities!, count: config.nHead * T * T)) }
    }

    /// Floats the activations of `attentionProbabilities(idx:T:)` take.
    public func attentionProbabilityFloats(T: Int) -> Int {
        Activations.floatCount(config: config, B: 1, T: T, threads: compute.threads, training: false,
                               precision: precision, keepsProbabilities: true)
    }

    /// Adds the gradient of `lossScale` × (the last forward's mean loss) to `grads`.
    public func backward(lossScale: Float = 1) {
        precondition(lastHadTargets, "backward needs a forward pass with targets")
        let a = acts!
        let B = lastB, T = lastT
        let C = config.nEmbd, NH = config.nHead, V = config.vocabSize, BT = B * T
        let p = params.pointer, g = grads.pointer
        let drop = lastHadDropout
        crossEntropyBackward(compute, dlogits: a.logits, targets: a.targets, dloss: lossScale / Float(countedTargets), N: BT, V: V)
        let low = a.doutLow
        linearBackward(compute, dinp: a.dln, dweight: g + layout.wte, dbias: nil, dout: a.logits, inp: a.lnf,
                       weight: weight(layout.wte), doutLow: low, N: BT, C: C, OC: V, accumulateInput: false)
        a.dres.update(repeating: 0, count: BT * C)
        layerNormBackward(compute, dinp: a.dres, dweight: g + layout.lnfw, dbias: g.at(layout.lnfb), dout: a.dln,
                          inp: a.layers[config.nLayer - 1].res3, weight: p + layout.lnfw,
                          mean: a.lnfMean, rstd: a.lnfRstd, scratch: a.lnScratch, N: BT, C: C)
        for l in stride(from: config.nLayer - 1, through: 0, by: -1) {
            if a.recompute && l < config.nLayer - 1 { block(l, a, B: B, T: T, past: 0, dropout: drop) }
            let w = layout.blocks[l]
            let x = a.layers[l]
            let residual = l == 0 ? a.encoded : a.layers[l - 1].res3
            // res3 = res2 + drop(c_proj(gelu(c_fc(ln_2(res2))))); dres holds d res3.
            if drop { dropoutBackward(compute, dinp: a.dmasked, dout: a.dres, mask: x.mlpMask, N: BT * C) }
            linearBackward(compute, dinp: a.dfch, dweight: g + w.fcprojw, dbias: g.at(w.fcprojb), dout: drop ? a.dmasked : a.dres,
                           inp: x.fchGelu, weight: weight(w.fcprojw), doutLow: low, N: BT, C: 4 * C, OC: C, accumulateInput: false)
            geluBackward(compute, dinp: a.dfch, inp: x.fch, dout: a.dfch, N: BT * 4 * C)
            linearBackward(compute, dinp: a.dln, dweight: g + w.fcw, dbias: g.at(w.fcb), dout: a.dfch,
                           inp: x.ln2, weight: weight(w.fcw), doutLow: low, N: BT, C: C, OC: 4 * C, accumulateInput: false)
            layerNormBackward(compute, dinp: a.dres, dweight: g + w.ln2w, dbias: g.at(w.ln2b), dout: a.dln,
                              inp: x.res2, weight: p + w.ln2w, mean: x.ln2Mean, rstd: x.ln2Rstd,
                              scratch: a.lnScratch, N: BT, C: C)
            // res2 = residual + drop(c_proj(attn(c_attn(ln_1(residual))))); dres now holds d res2.
            if drop { dropoutBackward(compute, dinp: a.dmasked, dout: a.dres, mask: x.attProjMask, N: BT * C) }
            linearBackward(compute, dinp: a.datty, dweight: g + w.attprojw, dbias: g.at(w.attprojb), dout: drop ? a.dmasked : a.dres,
                           inp: x.atty, weight: weight(w.attprojw), doutLow: low, N: BT, C: C, OC: C, accumulateInput: false)
            attentionBackward(compute, dqkv: a.dqkv, dout: a.datty, qkv: x.qkv, stats: x.attStats,
                              mask: drop ? UnsafePointer(x.attMask) : nil, scratch: a.attScratch, B: B, T: T, C: C, NH: NH)
            linearBackward(compute, dinp: a.dln, dweight: g + w.qkvw, dbias: g.at(w.qkvb), dout: a.dqkv,
                           inp: x.ln1, weight: weight(w.qkvw), doutLow: low, N: BT, C: C, OC: 3 * C, accumulateInput: false)
            layerNormBackward(compute, dinp: a.dres, dweight: g + w.ln1w, dbias: g.at(w.ln1b), dout: a.dln,
                              inp: residual, weight: p + w.ln1w, mean: x.ln1Mean, rstd: x.ln1Rstd,
                              scratch: a.lnScratch, N: BT, C: C)
        }
        // encoded = drop(wte[idx] + wpe).
        if drop { dropoutBackward(compute, dinp: a.dres, dout: a.dres, mask: a.encodedMask, N: BT * C) }
        encoderBackward(dwte: g + layout.wte, dwpe: g + layout.wpe, dout: a.dres, idx: a.idx, B: B, T: T, C: C)
        lastHadTargets = false
    }

    public func zeroGrad() { grads.zero() }
}
