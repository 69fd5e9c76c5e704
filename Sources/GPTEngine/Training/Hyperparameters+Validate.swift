extension Hyperparameters {
    /// Every value through the same spec `set` uses, then the combination: hyperparameters
    /// read from a file get no more room than typed ones.
    func validateAll() throws {
        for spec in Self.specs { _ = try spec.validate(spec.value(in: self)) }
        try validateCombination()
    }
}
