import GPTKernels

/// The bytes a model takes to train: weights and gradients, AdamW's two moments, the
/// divergence guard's copies of weights and moments, the bfloat16 copy of the weights in mixed
/// precision, and the activations for B sequences of
/// the full block. Worked out before anything is allocated, so that a size that cannot fit is
/// refused with the figure instead of aborting in the allocator.
public struct MemoryEstimate: Equatable, Sendable {
    public let weightsAndGradients: Int
    public let optimizer: Int
    public let divergenceGuard: Int
    public let activations: Int
    public var total: Int { weightsAndGradients + optimizer + divergenceGuard + activations }

    public init(config: GPTConfig, batchSize B: Int, threads: Int, precision: Precision = .float32, recompute: Bool = false) {
        let floats = ParameterLayout(config: config).count
        weightsAndGradients = 2 * floats * 4 + (precision == .bfloat16 ? Self.bfloat16WeightBytes(config: config) : 0)
        optimizer = 2 * floats * 4
        divergenceGuard = 3 * floats * 4
        activations = Self.activationBytes(config: config, B: B, threads: threads, precision: precision, recompute: recompute)
    }

    /// The bfloat16 copy of the weights that mixed precision's products read.
    static func bfloat16WeightBytes(config: GPTConfig) -> Int {
        (ParameterLayout(config: config).count + 1) / 2 * 4
    }

    /// The training activations for B × block_size and the token ids of a batch (the model's
    /// inputs and targets, and the session's batch buffers).
    static func activationBytes(config: GPTConfig, B: Int, threads: Int, precision: Precision = .float32,
                                recompute: Bool = false) -> Int {
        let T = config.blockSize
        return Activations.floatCount(config: config, B: B, T: T, threads: threads, training: true, precision: precision,
                                      recompute: recompute) * 4
            + 4 * B * T * 4
    }

    /// Throws `.outOfMemory` if `needed` more bytes exceed what the machine (or the cgroup
    /// this process runs in) has available; passes when that cannot be read.
    static func requireAvailable(_ needed: Int) throws {
        guard let available = AvailableMemory.bytes(), needed > available else { return }
        throw EngineError.outOfMemory(needed: needed, available: available)
    }
}
