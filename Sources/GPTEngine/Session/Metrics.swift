/// What a session has measured: one record per logged step and per evaluation.
public struct Metrics: Codable, Equatable, Sendable {
    public struct Step: Codable, Equatable, Sendable {
        public var step: Int
        public var loss: Float
        public var lr: Double
        public var gradNorm: Float
        public var ms: Double
        public var tokensPerSecond: Double
    }

    public struct Evaluation: Codable, Equatable, Sendable {
        public var step: Int
        public var trainLoss: Float
        /// nil when the validation text is too short for one window of block_size (or empty).
        public var valLoss: Float?
    }

    public var steps: [Step] = []
    public var evaluations: [Evaluation] = []
    public var tokensSeen: Int = 0
    public var trainingSeconds: Double = 0
    /// Steps skipped for a non-finite loss or gradient norm (with skip_nonfinite).
    public var skippedSteps: Int = 0

    public init() {}

    public var lastTrainLoss: Float? { evaluations.last?.trainLoss ?? steps.last?.loss }
    public var lastValLoss: Float? { evaluations.last?.valLoss }
    public var bestValidation: Evaluation? {
        evaluations.filter { $0.valLoss != nil }.min { $0.valLoss! < $1.valLoss! }
    }
    public var averageTokensPerSecond: Double {
        trainingSeconds > 0 ? Double(tokensSeen) / trainingSeconds : 0
    }
}
