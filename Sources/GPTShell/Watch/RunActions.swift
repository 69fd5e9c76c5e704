import GPTEngine

/// What `train` does along the way besides training: print samples, save checkpoints, and
/// stop early when a condition holds or the validation loss stops improving (going back to
/// the best step). It all happens in the train observer, at step boundaries, where the model is
/// consistent; sampling never touches the training state.
final class RunActions {
    private let shell: Shell
    private let target: Int
    private let options: TrainOptions
    private var best: Metrics.Evaluation?
    private var evaluationsSinceBest = 0
    /// The state at `best`, kept while `patience=` may need to go back to it.
    private var bestState: TrainingSnapshot?
    private var stoppedForPatience = false
    /// Why the run stops before its last step, once it should.
    private(set) var stopReason: String?
    private var failure: Error?

    init(_ options: TrainOptions, shell: Shell, target: Int) {
        self.options = options
        self.shell = shell
        self.target = target
        best = shell.session.metrics.bestValidation
    }

    var wantsStop: Bool { stopReason != nil || failure != nil }

    /// After each step (and its log line): the periodic sample and save.
    func stepped(_ step: Int) {
        guard failure == nil else { return }
        if let every = options.sampleEvery, step % every == 0 { sample(at: step) }
        if let every = options.saveEvery, step % every == 0 { save(at: step) }
    }

    /// After training has stopped: reports what went wrong in a sample or a save, or, when
    /// patience stopped the run, goes back to the best step.
    func finish() throws {
        if let failure { throw failure }
        guard stoppedForPatience, let best else { return }
        if let bestState, bestState.iteration == best.step {
            try shell.session.restore(bestState)
            stopReason! += "; the model is back at step \(best.step)"
        } else {
            stopReason! += " (before this run; the model stays at step \(shell.session.iteration))"
        }
    }

    private func sample(at step: Int) {
        guard shell.isPrimary else { return }
        shell.output.info("sample at step \(step):")
        var pending = options.sample.prompt ?? ""
        do {
            _ = try shell.session.sample(options.sample, emit: { text in
                self.shell.output.stream(pending + text)
                pending = ""
            }, shouldStop: shell.shouldStop)
        } catch {
            failure = ShellError(error, at: options.location(of: "sample_every"))
        }
        shell.output.finishLine()
    }

    private func save(at step: Int) {
        let path = options.savePath!.replacingOccurrences(of: "{step}", with: String(step))
        do {
            try shell.session.save(path: path)
            shell.output.info("saved step \(step) to \(path)")
        } catch {
            failure = ShellError(error, at: options.location(of: "path"))
        }
    }

    /// After each evaluation: whether the run has reached its condition or run out of patience.
    func evaluated(_ e: Metrics.Evaluation) {
        if let loss = e.valLoss {
            if best?.valLoss.map({ loss < $0 }) ?? true {
                best = e
                evaluationsSinceBest = 0
                if options.patience != nil { keepBestState() }
            } else {
                evaluationsSinceBest += 1
            }
        }
        guard e.step < target, stopReason == nil else { return }
        if let until = options.until, let value = until.value(in: shell.session), until.comparison.holds(value, until.bound) {
            stopReason = "stopped early at step \(e.step): \(until.quantity) is \(until.shown(value)), \(until.text)"
        } else if let patience = options.patience, evaluationsSinceBest >= patience, let best, let loss = best.valLoss {
            stopReason = "stopped early at step \(e.step): the val loss has not improved for "
                + "\(Format.counted(patience, "evaluation")); the best was \(Format.loss(loss)) at step \(best.step)"
            stoppedForPatience = true
        }
    }

    private func keepBestState() {
        do { bestState = try shell.session.snapshot(reusing: bestState) } catch { failure = error }
    }
}
