import Foundation
import GPTKernels

/// What `train` reports as it goes. `step` comes after every optimizer step; `logged` says
/// whether it is one of the `log_interval` steps kept in the metrics.
public enum TrainEvent {
    case step(Metrics.Step, target: Int, logged: Bool)
    case skipped(step: Int, loss: Float, gradNorm: Float)
    case evaluation(Metrics.Evaluation)
}

public struct TrainReport {
    public var stepsDone: Int
    public var interrupted: Bool
    public var finalLoss: Float?
}

extension Session {
    /// Takes `steps` more optimizer steps, continuing the step count and schedule. `overrides`
    /// change settings for this run only; architecture keys cannot be overridden.
    /// `shouldStop` is polled at every step boundary.
    @discardableResult
    public func train(steps: Int, overrides: [(String, Double)] = [],
                      observer: (TrainEvent) -> Void = { _ in },
                      shouldStop: () -> Bool = { false }) throws -> TrainReport {
        let (model, optimizer) = try requireModel()
        guard steps >= 1 else { throw EngineError.invalidArgument("the number of steps must be at least 1") }
        var h = hyper
        for (name, value) in overrides {
            if let spec = Hyperparameters.spec(named: name), spec.isArchitecture {
                throw EngineError.architectureForOneRun(key: spec.name)
            }
            try h.set(name, value)
        }
        let (train, _) = try requireData()
        let T = model.config.blockSize, B = h.batchSize
        // A run's own `dtype=` and `recompute=` apply to the model for the run only.
        try requirePrecisionSwitch(model, to: h.precision)
        let sessionPrecision = model.precision, sessionRecompute = model.recompute
        model.precision = h.precision
        model.recompute = h.recompute
        defer {
            model.precision = sessionPrecision
            model.recompute = sessionRecompute
        }
        try requireMemory(model: model, optimizer: optimizer, B: B, threads: h.threads)
        try requirePairsFit(.train, T: T)
        if let short = shortfall(.train) { throw EngineError.textTooShort(.train, tokens: short.tokens, needed: short.needed) }
        // A run's own `threads=` gets a pool of its own for the run; the session's stays as set.
        let sessionCompute = model.compute
        if h.threads != sessionCompute.threads { model.compute = Compute(threads: h.threads) }
        defer { model.compute = sessionCompute }
        let dropout = Float(h.dropoutRate)
        model.reserve(B: B, T: T, dropout: dropout > 0)
        let (inputs, targets) = batchBuffers(count: B * T)
        let schedule = h.schedule
        let settings = h.adamW
        let accum = h.gradientAccumulationSteps
        try checkShare(accumulation: accum)
        let target = iteration + steps
        var done = 0
        var lastLoss: Float?
        var lastEvalAt = -1
        var interrupted = false
        let guardState = divergenceGuard(for: model, optimizer: optimizer)
        var lastGood: (step: Int, loss: Float)?
        while done < steps {
            if stopAgreed(shouldStop()) {
                interrupted = true
                break
            }
            let start = DispatchTime.now().uptimeNanoseconds
            let batchesBefore = trainBatches.rng, masksBefore = dropoutMasks
            model.zeroGrad()
            var loss: Float = 0
            for micro in 0..<accum {
                // Drawn on every rank for every micro-batch, so the generators of all ranks agree.
                let maskSeed = dropout > 0 ? dropoutMasks.next() : 0
                guard computes(micro) else {
                    trainBatches.skip(from: train, B: B, T: T)
                    continue
                }
                trainBatches.fill(inputs: inputs, targets: targets, from: train, B: B, T: T)
                loss += model.forward(idx: inputs, targets: targets, B: B, T: T,
                                      dropout: dropout > 0 ? (dropout, maskSeed) : nil)
                model.backward(lossScale: 1 / Float(accum))
            }
            loss = combineStep(loss: loss, grads: model.grads) / Float(accum)
            let norm = gradientNorm(model.grads, compute: model.compute)
            if !loss.isFinite || !norm.isFinite {
                if h.skipNonfinite {
                    metrics.skippedSteps += 1
                    done += 1
                    observer(.skipped(step: iteration + 1, loss: loss, gradNorm: norm))
                    continue
                }
                throw diverged(at: iteration + 1, loss: loss, norm: norm, lastGood: lastGood, guardState: guardState)
            }
            guardState.save(iteration: iteration, batches: batchesBefore, masks: masksBefore)
            lastGood = (iteration + 1, loss)
            clipGradients(model.grads, norm: norm, maxNorm: Float(h.gradClip), compute: model.compute)
            let lr = schedule.lr(at: iteration)
            optimizer.update(params: model.params, grads: model.grads, lr: Float(lr), settings: settings, compute: model.compute,
                             low: model.lowWeightsForStep())
            iteration += 1
            done += 1
            lastLoss = loss
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let tokens = B * T * accum
            metrics.tokensSeen += tokens
            metrics.trainingSeconds += seconds
            let record = Metrics.Step(step: iteration, loss: loss, lr: lr, gradNorm: norm,
                                      ms: seconds * 1000, tokensPerSecond: Double(tokens) / seconds)
            let logged = h.logInterval > 0 && (iteration % h.logInterval == 0 || done == steps)
            if logged { metrics.steps.append(record) }
            observer(.step(record, target: target, logged: logged))
            if h.evalIters > 0 && h.evalInterval > 0 && iteration % h.evalInterval == 0 && done < steps {
                observer(.evaluation(try evaluateRecording(model: model, hyper: h)))
                lastEvalAt = iteration
            }
        }
        if h.evalIters > 0 && done > 0 && lastEvalAt != iteration {
            observer(.evaluation(try evaluateRecording(model: model, hyper: h)))
        }
        return TrainReport(stepsDone: done, interrupted: interrupted, finalLoss: lastLoss)
    }

    /// Puts the model, optimizer and batch order back to before the last update (which led to
    /// a non-finite loss or gradient), so the session is as if the run had stopped there.
    private func diverged(at step: Int, loss: Float, norm: Float, lastGood: (step: Int, loss: Float)?,
                          guardState: DivergenceGuard) -> EngineError {
        var divergence = Divergence(step: step, loss: loss, gradNorm: norm, lastGood: lastGood, restoredTo: nil)
        if lastGood != nil, let restored = guardState.restore() {
            iteration = restored.iteration
            trainBatches.rng = restored.batches
            dropoutMasks = restored.masks
            // The history follows the model back: records of the undone step go.
            metrics.steps.removeAll { $0.step > restored.iteration }
            metrics.evaluations.removeAll { $0.step > restored.iteration }
            divergence.restoredTo = restored.iteration
        }
        return .diverged(divergence)
    }

    private func evaluateRecording(model: GPT, hyper h: Hyperparameters) throws -> Metrics.Evaluation {
        let (trainLoss, valLoss) = try estimateLoss(model: model, iters: h.evalIters, B: h.batchSize)
        let e = Metrics.Evaluation(step: iteration, trainLoss: trainLoss, valLoss: valLoss)
        metrics.evaluations.append(e)
        return e
    }

    /// Mean train and validation loss over `iters` batches each (default `eval_iters`). It draws
    /// batches from its own generator and never touches gradients or optimizer state.
    public func evaluate(iters: Int? = nil) throws -> Metrics.Evaluation {
        let (model, _) = try requireModel()
        let n = iters ?? hyper.evalIters
        guard n >= 1 else { throw EngineError.badValue(key: "iters", .outOfRange(Double(n), 1...Double(Int.max))) }
        let (t, v) = try estimateLoss(model: model, iters: n, B: hyper.batchSize)
        let e = Metrics.Evaluation(step: iteration, trainLoss: t, valLoss: v)
        metrics.evaluations.append(e)
        return e
    }

    /// The mean losses; the validation loss is nil when that text is too short for a window.
    func estimateLoss(model: GPT, iters: Int, B: Int) throws -> (Float, Float?) {
        let (train, val) = try requireData()
        try checkRanksAgree(model: model)
        let T = model.config.blockSize
        try requirePairsFit(.train, T: T)
        try requirePairsFit(.val, T: T)
        if let short = shortfall(.train) { throw EngineError.textTooShort(.train, tokens: short.tokens, needed: short.needed) }
        let (inputs, targets) = batchBuffers(count: B * T)
        model.reserve(B: B, T: T)
        // Batches depend only on the seed and the step, so an evaluation at step k gives the same
        // number however many evaluations came before (and across a save and load).
        var evalBatches = BatchSampler(seed: UInt64(hyper.seed) &* 0x9E37_79B9 &+ UInt64(iteration))
        func total(_ data: TokenStream) -> Double {
            var total: Double = 0
            for i in 0..<iters {
                guard computes(i) else {
                    evalBatches.skip(from: data, B: B, T: T)
                    continue
                }
                evalBatches.fill(inputs: inputs, targets: targets, from: data, B: B, T: T)
                total += Double(model.forward(idx: inputs, targets: targets, B: B, T: T))
            }
            return total
        }
        let hasVal = BatchSampler.canSample(val, T: T)
        let totals = group.sum([total(train), hasVal ? total(val) : 0])
        return (Float(totals[0] / Double(iters)), hasVal ? Float(totals[1] / Double(iters)) : nil)
    }

    /// How far a part of the encoded corpus falls short of one window of the model's block_size
    /// (or, with no model yet, of the block_size setting); nil when it is long enough or when
    /// there is no encoded corpus to measure.
    public func shortfall(_ split: Split) -> (tokens: Int, needed: Int)? {
        guard let stream = split == .train ? trainTokens : valTokens else { return nil }
        let T = model?.config.blockSize ?? hyper.blockSize
        // Pairs longer than a window are `requirePairsFit`'s error, named by their line.
        if let pairs = stream.pairs { return pairs.count > 0 ? nil : (0, T + 1) }
        return BatchSampler.canSample(stream, T: T) ? nil : (stream.count, T + 1)
    }
}
