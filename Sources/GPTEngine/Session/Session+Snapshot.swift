/// The training state at one step: parameters, AdamW moments and step, and the batch order,
/// so that a run can go back to its best step (`train ... patience=`).
public final class TrainingSnapshot {
    let model: GPT
    let params: FloatBuffer
    let m: FloatBuffer
    let v: FloatBuffer
    var optimizerStep = 0
    var batches = RandomGenerator(seed: 0)
    var masks = RandomGenerator(seed: 0)
    public internal(set) var iteration = 0

    init(model: GPT) {
        self.model = model
        params = FloatBuffer(count: model.layout.count)
        m = FloatBuffer(count: model.layout.count)
        v = FloatBuffer(count: model.layout.count)
    }

    /// What a snapshot of `parameters` parameters costs: three Float copies.
    public static func bytes(parameters: Int) -> Int { parameters * 3 * MemoryLayout<Float>.size }
}

extension Session {
    /// Copies the current state into `reuse` when it belongs to this model, else into a new snapshot.
    public func snapshot(reusing reuse: TrainingSnapshot? = nil) throws -> TrainingSnapshot {
        let (model, optimizer) = try requireModel()
        let s = reuse.flatMap { $0.model === model ? $0 : nil } ?? TrainingSnapshot(model: model)
        s.params.copy(from: model.params)
        s.m.copy(from: optimizer.m)
        s.v.copy(from: optimizer.v)
        s.optimizerStep = optimizer.step
        s.batches = trainBatches.rng
        s.masks = dropoutMasks
        s.iteration = iteration
        return s
    }

    /// Goes back to `s`; the metrics recorded after its step go too, as after a divergence.
    public func restore(_ s: TrainingSnapshot) throws {
        let (model, optimizer) = try requireModel()
        guard s.model === model else { throw EngineError.state("the snapshot belongs to another model") }
        model.params.copy(from: s.params)
        model.parametersChanged()
        optimizer.m.copy(from: s.m)
        optimizer.v.copy(from: s.v)
        optimizer.step = s.optimizerStep
        trainBatches.rng = s.batches
        dropoutMasks = s.masks
        iteration = s.iteration
        metrics.steps.removeAll { $0.step > s.iteration }
        metrics.evaluations.removeAll { $0.step > s.iteration }
    }
}
