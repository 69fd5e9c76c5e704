extension Session {
    /// Refuses a run whose activations (for `B` sequences on `threads`) and divergence guard,
    /// where not yet allocated, would not fit in the memory available.
    func requireMemory(model: GPT, optimizer: AdamW, B: Int, threads: Int) throws {
        var needed = 0
        if model.acts.map({ $0.maxB < B || $0.threads < threads || $0.precision != model.precision }) ?? true {
            needed += MemoryEstimate.activationBytes(config: model.config, B: B, threads: threads, precision: model.precision,
                                                     recompute: model.recompute)
        }
        if !(guardState?.matches(model, optimizer) ?? false) {
            needed += MemoryEstimate(config: model.config, batchSize: B, threads: threads).divergenceGuard
        }
        try MemoryEstimate.requireAvailable(needed)
    }

    /// Refuses a switch of `model` to `precision` whose bfloat16 copy of the weights would not fit.
    func requirePrecisionSwitch(_ model: GPT, to precision: Precision) throws {
        guard precision == .bfloat16, model.precision != .bfloat16 else { return }
        try MemoryEstimate.requireAvailable(MemoryEstimate.bfloat16WeightBytes(config: model.config))
    }

    /// What the current model takes to train at the session's batch size and threads.
    public var memoryEstimate: MemoryEstimate? {
        model.map {
            MemoryEstimate(config: $0.config, batchSize: hyper.batchSize, threads: hyper.threads, precision: hyper.precision,
                           recompute: hyper.recompute)
        }
    }
}
