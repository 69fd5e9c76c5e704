/// How a step and an evaluation are shared among the ranks of an MPI job. A single process's
/// step draws `gradient_accumulation_steps` micro-batches from one generator; under MPI every rank
/// draws the same sequence and computes only every size-th micro-batch, from its rank on. The
/// union of the ranks' windows is then exactly the single process's, the generator state is the
/// same on every rank and in every checkpoint, and a run can resume with any number of ranks
/// that divides the accumulation.
extension Session {
    /// The tokens one optimizer step trains on, summed over the ranks.
    public var tokensPerStep: Int { hyper.batchSize * hyper.blockSize * hyper.gradientAccumulationSteps }

    /// Refuses an accumulation the ranks cannot share evenly: each must run the same number of
    /// micro-batches, or the global batch would change meaning.
    func checkShare(accumulation: Int) throws {
        guard accumulation % group.size != 0 else { return }
        throw EngineError.invalidArgument("gradient_accumulation_steps is \(accumulation), which \(group.size) ranks cannot share: "
            + "it counts the micro-batches of the whole step (nanoGPT's global batch), so use a multiple of \(group.size)")
    }

    /// Whether this rank computes micro-batch (or evaluation batch) `index`.
    func computes(_ index: Int) -> Bool { index % group.size == group.rank }

    /// Sums the gradients and the loss of the ranks' micro-batches, already scaled by
    /// 1/gradient_accumulation_steps, into the mean over the global batch on every rank.
    func combineStep(loss: Float, grads: FloatBuffer) -> Float {
        guard group.isDistributed else { return loss }
        group.sum(grads.pointer, count: grads.count)
        return Float(group.sum([Double(loss)])[0])
    }

    /// Stops on every rank when any rank was asked to stop, so that all leave at the same step.
    func stopAgreed(_ wanted: Bool) -> Bool { group.isDistributed ? group.any(wanted) : wanted }

    /// Every rank must hold the same parameters; rounding differences or a missed allreduce
    /// would make them drift apart unseen.
    func checkRanksAgree(model: GPT) throws {
        guard group.isDistributed, !group.agree(ParameterHash.of(model.params)) else { return }
        throw EngineError.state("at step \(iteration) the parameters differ between the \(group.size) ranks, "
            + "so they no longer train one model")
    }

    /// Writes a file from rank 0 alone; the others wait until it is there, so that a `load` that
    /// follows finds it on every rank (on a folder the ranks share). Rank 0 meets them there
    /// even when the write fails, or the ranks would next wait in different collectives.
    func writeOnPrimary(_ body: () throws -> Void) rethrows {
        defer { group.barrier() }
        if group.isPrimary { try body() }
    }
}
