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
                throw EngineError.invalidArgument("\(spec.name) is part of the architecture and cannot change for one run")
            }
            try h.set(name, value)
        }
        guard let train = trainTokens else { throw EngineError.state("no training data: load a corpus and build a tokenizer first") }
        let T = model.config.blockSize, B = h.batchSize
        guard BatchSampler.canSample(train, T: T) else {
            throw EngineError.state("the training text has \(train.count) tokens; block_size \(T) needs at least \(T + 1)")
        }
        // A run's own `threads=` gets a pool of its own for the run; the session's stays as set.
        let sessionCompute = model.compute
        if h.threads != sessionCompute.threads { model.compute = Compute(threads: h.threads) }
        defer { model.compute = sessionCompute }
        model.reserve(B: B, T: T)
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
            model.zeroGrad()
            var loss: Float = 0
            for micro in 0..<accum {
                guard computes(micro) else {
                    trainBatches.skip(from: train, B: B, T: T)
                    continue
                }
                trainBatches.fill(inputs: inputs, targets: targets, from: train, B: B, T: T)
                loss += model.forward(idx: inputs, targets: targets, B: B, T: T)
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
            guardState.save(iteration: iteration)
            lastGood = (iteration + 1, loss)
            clipGradients(model.grads, norm: norm, maxNorm: Float(h.gradClip), compute: model.compute)
            let lr = schedule.lr(at: iteration)
            optimizer.update(params: model.params, grads: model.grads, lr: Float(lr), settings: settings, compute: model.compute)
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
            if h.evalInterval > 0 && iteration % h.evalInterval == 0 && done < steps {
                observer(.evaluation(try evaluateRecording(model: model, hyper: h)))
                lastEvalAt = iteration
            }
        }
        if done > 0 && lastEvalAt != iteration {
            observer(.evaluation(try evaluateRecording(model: model, hyper: h)))
        }
        return TrainReport(stepsDone: done, interrupted: interrupted, finalLoss: lastLoss)
    }

    /// Puts the model and optimizer back to before the last update (which led to a non-finite
    /// loss or gradient) and describes what happened.
    private func diverged(at step: Int, loss: Float, norm: Float, lastGood: (step: Int, loss: Float)?,
                          guardState: DivergenceGuard) -> EngineError {
        var message = "step \(step): the loss is \(loss) and the gradient norm \(norm)"
        if let lastGood, let restored = guardState.restore() {
            iteration = restored
            // The history follows the model back: records of the undone step go.
            metrics.steps.removeAll { $0.step > restored }
            metrics.evaluations.removeAll { $0.step > restored }
            message += "; the last good loss was \(lastGood.loss) at step \(lastGood.step). The model and optimizer are back "
                + "at step \(restored), before the update that diverged: lower the learning rate and train again"
        } else {
            message += "; no update was applied"
        }
        return .diverged(message + " (or `set skip_nonfinite=true` to skip such steps)")
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
        guard n >= 1 else { throw EngineError.invalidArgument("iters must be at least 1") }
        let (t, v) = try estimateLoss(model: model, iters: n, B: hyper.batchSize)
        let e = Metrics.Evaluation(step: iteration, trainLoss: t, valLoss: v)
        metrics.evaluations.append(e)
        return e
    }

    func estimateLoss(model: GPT, iters: Int, B: Int) throws -> (Float, Float) {
        guard let train = trainTokens, let val = valTokens else {
            throw EngineError.state("no data: load a corpus and build a tokenizer first")
        }
        try checkRanksAgree(model: model)
        let T = model.config.blockSize
        for (name, data) in [("training", train), ("validation", val)] where !BatchSampler.canSample(data, T: T) {
            throw EngineError.state("the \(name) text has \(data.count) tokens; block_size \(T) needs at least \(T + 1) (lower val= or block_size)")
        }
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
        let totals = group.sum([total(train), total(val)])
        return (Float(totals[0] / Double(iters)), Float(totals[1] / Double(iters)))
    }
}
