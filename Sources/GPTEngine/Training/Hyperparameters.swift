import Foundation
import GPTKernels

/// The precision of the matrix products (and of weights-only files): the engine's own name for
/// the kernels' type, so the shell needs no kernel module.
public typealias Precision = GPTKernels.Precision

/// Every setting a session trains with, named as nanoGPT names them. Defaults are nanoGPT's
/// CPU configuration for Shakespeare.
public struct Hyperparameters: Equatable, Sendable, Codable {
    public var nLayer = 4
    public var nHead = 4
    public var nEmbd = 128
    public var blockSize = 64
    public var batchSize = 12
    public var learningRate = 1e-3
    public var minLR = 1e-4
    public var warmupIters = 100
    public var lrDecayIters = 2000
    public var weightDecay = 0.1
    public var beta1 = 0.9
    public var beta2 = 0.99
    public var gradClip = 1.0
    public var gradientAccumulationSteps = 1
    public var evalInterval = 250
    public var evalIters = 20
    public var logInterval = 10
    public var seed = 1337
    public var threads = min(ProcessInfo.processInfo.activeProcessorCount, 64)
    /// Skip steps whose loss or gradient norm is not finite instead of stopping.
    public var skipNonfinite = false
    /// Optional so that checkpoints written before gptsh had dropout still load, as 0.
    public var dropout: Double?
    /// Optional so that checkpoints written before gptsh had `bias` still load, as true.
    public var bias: Bool?
    /// Optional so that checkpoints written before gptsh had `dtype` still load, as float32.
    public var dtype: Precision?
    /// Optional so that checkpoints written before gptsh had `recompute` still load, as false.
    public var recomputeActivations: Bool?

    /// Activation checkpointing (llm.c's `recompute`): backward recomputes each block's
    /// activations instead of keeping them all, for less memory and more time.
    public var recompute: Bool {
        get { recomputeActivations ?? false }
        set { recomputeActivations = newValue }
    }

    /// nanoGPT's `dtype`: the precision the matrix products run in (the weights stay float32).
    public var precision: Precision {
        get { dtype ?? .float32 }
        set { dtype = newValue }
    }

    /// nanoGPT's `bias`: whether the linear layers and LayerNorms have biases.
    public var hasBias: Bool {
        get { bias ?? true }
        set { bias = newValue }
    }

    /// nanoGPT's `dropout`: the probability of dropping an element where nanoGPT drops, in `train` only.
    public var dropoutRate: Double {
        get { dropout ?? 0 }
        set { dropout = newValue }
    }

    public init() {}

    public var schedule: LRSchedule {
        LRSchedule(maxLR: learningRate, minLR: minLR, warmupIters: warmupIters, decayIters: lrDecayIters)
    }

    public var adamW: AdamW.Settings {
        AdamW.Settings(beta1: Float(beta1), beta2: Float(beta2), eps: 1e-8, weightDecay: Float(weightDecay))
    }

    public func modelConfig(vocabSize: Int) -> GPTConfig {
        GPTConfig(vocabSize: vocabSize, blockSize: blockSize, nLayer: nLayer, nHead: nHead, nEmbd: nEmbd, bias: hasBias)
    }

    /// `settings` with the architecture of `config`.
    public static func shaped(like config: GPTConfig, from settings: Hyperparameters) -> Hyperparameters {
        var h = settings
        h.nLayer = config.nLayer
        h.nHead = config.nHead
        h.nEmbd = config.nEmbd
        h.blockSize = config.blockSize
        h.hasBias = config.bias
        return h
    }
}

/// One settable key: its name, type, range and where it lives. The table below is the single
/// source for `set`, its validation, its listing and its tab completion.
public struct HyperparameterSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        case integer, real, boolean
        /// One of these words, stored as its index.
        case choice([String])
    }

    public let name: String
    public let aliases: [String]
    public let kind: Kind
    public let range: ClosedRange<Double>
    public let isArchitecture: Bool
    public let summary: String
    let get: @Sendable (Hyperparameters) -> Double
    let put: @Sendable (inout Hyperparameters, Double) -> Void

    public func value(in h: Hyperparameters) -> Double { get(h) }

    public func format(_ v: Double) -> String {
        switch kind {
        // Out-of-range values reach here in error messages; beyond Int they print as reals.
        case .integer: return abs(v) < 9e18 ? String(Int(v)) : formatReal(v)
        case .real: return formatReal(v)
        case .boolean: return v != 0 ? "true" : "false"
        case .choice(let words): return words.indices.contains(Int(exactly: v) ?? -1) ? words[Int(v)] : formatReal(v)
        }
    }

    /// The words a value may be given as, in the order of the values they stand for.
    public var words: [String]? {
        switch kind {
        case .boolean: return ["false", "true"]
        case .choice(let words): return words
        case .integer, .real: return nil
        }
    }

    /// Checks type and range; returns the value to store.
    public func validate(_ v: Double) throws -> Double {
        if !v.isFinite { throw EngineError.badValue(key: name, .notFinite) }
        if kind == .boolean && v != 0 && v != 1 { throw EngineError.badValue(key: name, .notBoolean) }
        if case .choice(let words) = kind, v.rounded() != v || !range.contains(v) {
            throw EngineError.badValue(key: name, .notAChoice(words))
        }
        if kind == .integer && v.rounded() != v { throw EngineError.badValue(key: name, .notWhole(v)) }
        if !range.contains(v) { throw EngineError.badValue(key: name, .outOfRange(v, range)) }
        return v
    }
}

func formatReal(_ v: Double) -> String {
    if v == v.rounded() && abs(v) < 1e6 { return String(format: "%.1f", v) }
    let s = String(format: "%g", v)
    return s
}

private func int(_ name: String, _ aliases: [String] = [], _ range: ClosedRange<Double>, arch: Bool = false,
                 _ summary: String, _ kp: WritableKeyPath<Hyperparameters, Int> & Sendable) -> HyperparameterSpec {
    HyperparameterSpec(name: name, aliases: aliases, kind: .integer, range: range, isArchitecture: arch,
                       summary: summary, get: { Double($0[keyPath: kp]) }, put: { $0[keyPath: kp] = Int($1) })
}

private func flag(_ name: String, arch: Bool = false, _ summary: String,
                  _ kp: WritableKeyPath<Hyperparameters, Bool> & Sendable) -> HyperparameterSpec {
    HyperparameterSpec(name: name, aliases: [], kind: .boolean, range: 0...1, isArchitecture: arch,
                       summary: summary, get: { $0[keyPath: kp] ? 1 : 0 }, put: { $0[keyPath: kp] = $1 != 0 })
}

private func choice<T: RawRepresentable & CaseIterable & Equatable>(
    _ name: String, _ summary: String, _ kp: WritableKeyPath<Hyperparameters, T> & Sendable
) -> HyperparameterSpec where T.RawValue == String, T.AllCases.Index == Int {
    let cases = Array(T.allCases)
    return HyperparameterSpec(name: name, aliases: [], kind: .choice(cases.map(\.rawValue)),
                              range: 0...Double(cases.count - 1), isArchitecture: false, summary: summary,
                              get: { Double(cases.firstIndex(of: $0[keyPath: kp])!) }, put: { $0[keyPath: kp] = cases[Int($1)] })
}

private func real(_ name: String, _ aliases: [String] = [], _ range: ClosedRange<Double>,
                  _ summary: String, _ kp: WritableKeyPath<Hyperparameters, Double> & Sendable) -> HyperparameterSpec {
    HyperparameterSpec(name: name, aliases: aliases, kind: .real, range: range, isArchitecture: false,
                       summary: summary, get: { $0[keyPath: kp] }, put: { $0[keyPath: kp] = $1 })
}

extension Hyperparameters {
    public static let specs: [HyperparameterSpec] = [
        int("n_layer", [], 1...128, arch: true, "transformer blocks", \.nLayer),
        int("n_head", [], 1...128, arch: true, "attention heads per block", \.nHead),
        int("n_embd", [], 1...8192, arch: true, "embedding width", \.nEmbd),
        int("block_size", [], 1...8192, arch: true, "context length in tokens", \.blockSize),
        flag("bias", arch: true, "biases in the linear layers and LayerNorms (false: none, as nanoGPT's bias=False)", \.hasBias),
        int("batch_size", [], 1...4096, "sequences per micro-batch", \.batchSize),
        real("learning_rate", ["lr"], 0...1e6, "peak learning rate", \.learningRate),
        real("min_lr", [], 0...1e6, "learning rate at the end of the cosine decay", \.minLR),
        int("warmup_iters", [], 0...10_000_000, "steps of linear warmup", \.warmupIters),
        int("lr_decay_iters", [], 0...10_000_000, "step at which the decay reaches min_lr", \.lrDecayIters),
        real("weight_decay", [], 0...10, "AdamW weight decay on matrices and embeddings", \.weightDecay),
        real("beta1", [], 0...0.999999, "AdamW first-moment decay", \.beta1),
        real("beta2", [], 0...0.999999, "AdamW second-moment decay", \.beta2),
        real("grad_clip", [], 0...1e6, "clip the global gradient norm to this (0: off)", \.gradClip),
        real("dropout", [], 0...0.95, "probability of dropping an activation in training (0: off)", \.dropoutRate),
        int("gradient_accumulation_steps", [], 1...4096, "micro-batches per optimizer step", \.gradientAccumulationSteps),
        int("eval_interval", [], 0...10_000_000, "steps between evaluations (0: only at the end)", \.evalInterval),
        int("eval_iters", [], 0...100_000, "batches per evaluation (0: train does not evaluate)", \.evalIters),
        int("log_interval", [], 0...10_000_000, "steps between log lines (0: none)", \.logInterval),
        int("seed", [], 0...Double(Int32.max), "seed for initialisation and batches", \.seed),
        int("threads", [], 1...64, "worker threads", \.threads),
        choice("dtype", "precision of the matrix products (bfloat16: mixed precision, float32 weights)", \.precision),
        flag("recompute", "recompute each block in backward instead of keeping its activations (less memory, more time)",
             \.recompute),
        flag("skip_nonfinite", "skip steps with a non-finite loss or gradient instead of stopping", \.skipNonfinite),
    ]

    public static func spec(named name: String) -> HyperparameterSpec? {
        specs.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Every name a user may type, aliases included, for completion and suggestions.
    public static var allNames: [String] { specs.flatMap { [$0.name] + $0.aliases } }

    public func value(of name: String) -> Double? { Self.spec(named: name).map { $0.value(in: self) } }

    /// Sets one key after validating it.
    public mutating func set(_ name: String, _ value: Double) throws {
        guard let spec = Self.spec(named: name) else { throw EngineError.unknownHyperparameter(name) }
        let v = try spec.validate(value)
        if spec.name == "dtype" { try Self.requireSupported(Precision.allCases[Int(v)]) }
        spec.put(&self, v)
    }

    /// Whether `dtype=bfloat16` can be set on this CPU.
    public static var bfloat16Supported: Bool { cpuHasBFloat16 }

    /// bfloat16 products need AVX512_BF16: without it oneDNN would emulate them, slower than
    /// float32, so the setting is refused on such a CPU.
    public static func requireSupported(_ precision: Precision, cpuHasBFloat16: Bool = GPTKernels.cpuHasBFloat16) throws {
        guard precision == .bfloat16, !cpuHasBFloat16 else { return }
        throw EngineError.invalidArgument("dtype=bfloat16 needs a CPU with AVX512_BF16 instructions, and this one lacks them; "
            + "the products stay float32")
    }

    /// Checks the settings that only make sense together.
    public func validateCombination() throws {
        if nEmbd % nHead != 0 { throw EngineError.headsDoNotDivide(nEmbd: nEmbd, nHead: nHead) }
    }

    /// Settings that are allowed but probably not meant, most likely a slip.
    public var doubts: [SettingDoubt] {
        var found: [SettingDoubt] = []
        if lrDecayIters <= warmupIters { found.append(.noDecay(decayIters: lrDecayIters, warmupIters: warmupIters, minLR: minLR)) }
        if minLR > learningRate { found.append(.minAboveMax(minLR: minLR, lr: learningRate)) }
        return found
    }
}

/// A combination of settings `set` accepts but warns about.
public enum SettingDoubt: Hashable, Sendable {
    /// lr_decay_iters at or before the end of warmup: after warmup the rate is min_lr throughout.
    case noDecay(decayIters: Int, warmupIters: Int, minLR: Double)
    /// min_lr above learning_rate: the "decay" climbs.
    case minAboveMax(minLR: Double, lr: Double)

    /// The keys whose change can bring this doubt up.
    public var keys: Set<String> {
        switch self {
        case .noDecay: return ["lr_decay_iters", "warmup_iters", "min_lr"]
        case .minAboveMax: return ["min_lr", "learning_rate"]
        }
    }
}

/// The candidate with the smallest edit distance, if it is close enough to be a plausible typo.
public func closest(to word: String, among candidates: [String]) -> String? {
    var best: (String, Int)?
    for c in candidates {
        let d = editDistance(word, c)
        if best == nil || d < best!.1 { best = (c, d) }
    }
    guard let (name, d) = best else { return nil }
    let limit = max(2, word.count / 2)
    if d <= limit || name.hasPrefix(word) || word.hasPrefix(name) { return name }
    return nil
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = prev
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
