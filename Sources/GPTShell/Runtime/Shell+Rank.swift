import GPTEngine

extension Shell {
    /// Whether this process prints, samples and writes files: a single process, or rank 0.
    var isPrimary: Bool { session.group.isPrimary }
}
