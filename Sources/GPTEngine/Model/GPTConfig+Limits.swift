extension GPTConfig {
    /// `validate` plus the ranges `set` allows, so that a config read from a file is checked
    /// before anything (parameter layout, memory) is sized by it.
    func validateLimits() throws {
        try validate()
        for (name, value) in [("n_layer", nLayer), ("n_head", nHead), ("n_embd", nEmbd), ("block_size", blockSize)] {
            _ = try Hyperparameters.spec(named: name)!.validate(Double(value))
        }
        // Token ids are Int32.
        if vocabSize > Int(Int32.max) {
            throw EngineError.invalidConfig("vocab_size must be at most \(Int32.max), got \(vocabSize)")
        }
    }
}
