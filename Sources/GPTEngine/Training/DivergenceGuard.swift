import GPTKernels

/// A copy of the parameters, AdamW state and batch order from before the latest update. A non-finite loss
/// usually shows up one step after the update that caused it (huge but finite weights overflow
/// in the next forward pass), so the state to go back to is the one before that update.
final class DivergenceGuard {
    private let model: GPT
    private let optimizer: AdamW
    private let params: FloatBuffer
    private let m: FloatBuffer
    private let v: FloatBuffer
    private var optimizerStep = 0
    private var iteration: Int?
    private var batches = RandomGenerator(seed: 0)
    private var masks = RandomGenerator(seed: 0)

    init(model: GPT, optimizer: AdamW) {
        self.model = model
        self.optimizer = optimizer
        params = FloatBuffer(count: model.layout.count)
        m = FloatBuffer(count: model.layout.count)
        v = FloatBuffer(count: model.layout.count)
    }

    func matches(_ model: GPT, _ optimizer: AdamW) -> Bool { self.model === model && self.optimizer === optimizer }

    /// Called before each update, with the batch and dropout generators as they were before the step drew.
    func save(iteration: Int, batches: RandomGenerator, masks: RandomGenerator) {
        let n = params.count
        let src = [model.params.pointer, optimizer.m.pointer, optimizer.v.pointer]
        let dst = [params.pointer, m.pointer, v.pointer]
        model.compute.rows(n, work: n) { r in
            for k in 0..<3 { (dst[k] + r.lowerBound).update(from: src[k] + r.lowerBound, count: r.count) }
        }
        optimizerStep = optimizer.step
        self.iteration = iteration
        self.batches = batches
        self.masks = masks
    }

    /// Restores the saved state; returns its iteration and generators, or nil if nothing was saved.
    func restore() -> (iteration: Int, batches: RandomGenerator, masks: RandomGenerator)? {
        guard let iteration else { return nil }
        model.params.copy(from: params)
        model.parametersChanged()
        optimizer.m.copy(from: m)
        optimizer.v.copy(from: v)
        optimizer.step = optimizerStep
        self.iteration = nil
        return (iteration, batches, masks)
    }
}

extension Session {
    /// The guard for this model, kept across `train` runs so its buffers are allocated once.
    func divergenceGuard(for model: GPT, optimizer: AdamW) -> DivergenceGuard {
        if let g = guardState, g.matches(model, optimizer) { return g }
        let g = DivergenceGuard(model: model, optimizer: optimizer)
        guardState = g
        return g
    }
}
