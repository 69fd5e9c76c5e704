/// Errors the engine reports, as data: the shell words them for the user, adds the source
/// location and the hint (which command to run), so the engine never names a shell command.
public enum EngineError: Error, Equatable, CustomStringConvertible {
    case invalidConfig(String)
    case invalidArgument(String)
    case state(String)
    case io(String)
    case format(String)
    /// The session lacks what the operation needs.
    case missing(Requirement)
    /// A part of the corpus holds fewer tokens than one window of `needed` (block_size + 1).
    case textTooShort(Session.Split, tokens: Int, needed: Int)
    case diverged(Divergence)
    case unknownHyperparameter(String)
    case badValue(key: String, ValueProblem)
    case headsDoNotDivide(nEmbd: Int, nHead: Int)
    /// An architecture key given as a one-run override to `train`.
    case architectureForOneRun(key: String)
    /// A folder, or a file gptsh did not write, where a checkpoint was expected.
    case notACheckpoint(path: String, isFolder: Bool)
    /// Allocating would take `needed` bytes when only `available` are free.
    case outOfMemory(needed: Int, available: Int)
    /// The caller's `shouldStop` asked for a stop; the session is as it was.
    case interrupted
    /// The tokenizer cannot encode the corpus: the first character it lacks and where it is
    /// (1-based line and column, in characters, of the file).
    case cannotEncode(path: String, line: Int, column: Int, character: Character, tokenizer: String)

    public var description: String {
        switch self {
        case .invalidConfig(let m), .invalidArgument(let m), .state(let m), .io(let m), .format(let m):
            return m
        case .missing(let what):
            return "no \(what.rawValue)"
        case .textTooShort(let split, let tokens, let needed):
            return "the \(split.rawValue) text has \(tokens) tokens, fewer than the \(needed) one window needs"
        case .diverged(let d):
            return "step \(d.step): the loss is \(d.loss) and the gradient norm \(d.gradNorm)"
        case .unknownHyperparameter(let name):
            return "unknown hyperparameter '\(name)'"
        case .badValue(let key, let problem):
            return problem.message(for: key)
        case .headsDoNotDivide(let nEmbd, let nHead):
            return "n_embd (\(nEmbd)) must be divisible by n_head (\(nHead))"
        case .architectureForOneRun(let key):
            return "\(key) is part of the architecture and cannot change for one run"
        case .notACheckpoint(let path, let isFolder):
            return isFolder ? "'\(path)' is a folder, not a checkpoint" : "'\(path)' is not a gptsh checkpoint"
        case .outOfMemory(let needed, let available):
            return "needs \(ByteCount.text(needed)); \(ByteCount.text(available)) available"
        case .interrupted:
            return "interrupted"
        case .cannotEncode(let path, let line, let column, let c, let tokenizer):
            let scalars = c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
            return "\(path):\(line):\(column): character '\(c)' (\(scalars)) is not in the \(tokenizer) tokenizer's vocabulary"
        }
    }
}

/// What an operation needs before it can run.
public enum Requirement: String, Sendable, Equatable {
    case corpus, tokenizer, model
    /// A corpus encoded with the current tokenizer.
    case data
    /// A prompt format: pairs loaded, or a model from a checkpoint trained on them.
    case pairs
}

/// Why a hyperparameter's value was refused.
public enum ValueProblem: Equatable, Sendable {
    case notFinite
    case notBoolean
    case notAChoice([String])
    case notWhole(Double)
    case outOfRange(Double, ClosedRange<Double>)

    /// The sentence about `key`, numbers shown as the key's own kind shows them.
    public func message(for key: String) -> String {
        let spec = Hyperparameters.spec(named: key)
        let shown = { (v: Double) in spec?.format(v) ?? formatReal(v) }
        switch self {
        case .notFinite: return "\(key) must be a finite number"
        case .notBoolean: return "\(key) must be true or false"
        case .notAChoice(let words): return "\(key) must be one of \(words.joined(separator: ", "))"
        case .notWhole(let v): return "\(key) must be a whole number, got \(formatReal(v))"
        case .outOfRange(let v, let r):
            if r.upperBound >= Double(Int.max) { return "\(key) must be at least \(shown(r.lowerBound)), got \(shown(v))" }
            return "\(key) must be between \(shown(r.lowerBound)) and \(shown(r.upperBound)), got \(shown(v))"
        }
    }
}

/// A run stopped by a non-finite loss or gradient norm at `step`.
public struct Divergence: Equatable, Sendable {
    public var step: Int
    public var loss: Float
    public var gradNorm: Float
    /// The last finite loss of the run and its step, if a step before this one succeeded.
    public var lastGood: (step: Int, loss: Float)?
    /// The step the model and optimizer were put back to; nil when no update had been applied.
    public var restoredTo: Int?

    public static func == (a: Divergence, b: Divergence) -> Bool {
        a.step == b.step && a.loss.bitPattern == b.loss.bitPattern && a.gradNorm.bitPattern == b.gradNorm.bitPattern
            && a.lastGood?.step == b.lastGood?.step && a.lastGood?.loss == b.lastGood?.loss && a.restoredTo == b.restoredTo
    }
}
