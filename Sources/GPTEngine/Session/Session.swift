import Foundation
import GPTKernels

/// Everything a gptsh session holds: corpus, tokenizer, settings, model, optimizer, random
/// generators and metrics. Each method either succeeds or leaves the session as it was.
public final class Session {
    public internal(set) var hyper = Hyperparameters() {
        didSet {
            if hyper.threads != compute.threads { compute = Compute(threads: hyper.threads) }
            model?.precision = hyper.precision
            model?.recompute = hyper.recompute
        }
    }
    /// The session's threads and kernels, sized by the `threads` setting; its model runs on them.
    public private(set) var compute: Compute {
        didSet { model?.compute = compute }
    }
    public internal(set) var corpus: Corpus?
    public internal(set) var tokenizer: (any Tokenizer)?
    public internal(set) var trainTokens: TokenStream? {
        didSet { if trainTokens != nil { encodingFailure = nil } }
    }
    /// Why the corpus is not encoded, when the tokenizer could not encode it: `train` and
    /// `eval` report it in place of "no data".
    public internal(set) var encodingFailure: EngineError?
    public internal(set) var valTokens: TokenStream?
    public internal(set) var model: GPT? {
        didSet {
            model?.compute = compute
            model?.precision = hyper.precision
            model?.recompute = hyper.recompute
        }
    }
    public internal(set) var optimizer: AdamW?
    /// The prompt format of the checkpoint the model was loaded from, if it was trained on pairs.
    var modelPromptFormat: PromptFormat?
    /// Optimizer steps taken by the current model; the schedule's position.
    public internal(set) var iteration = 0
    public internal(set) var metrics = Metrics()
    var trainBatches = BatchSampler(seed: 1)
    var sampling = RandomGenerator(seed: 3)
    /// Seeds dropout's masks, one draw per micro-batch; saved in checkpoints so a resume is exact.
    var dropoutMasks = RandomGenerator(seed: 5)
    var batchInputs: UnsafeMutablePointer<Int32>?
    var batchTargets: UnsafeMutablePointer<Int32>?
    var batchCapacity = 0
    var guardState: DivergenceGuard?
    /// The processes training this model together; one unless started by mpirun.
    public let group: ProcessGroup

    public init(group: ProcessGroup = ProcessGroup()) {
        self.group = group
        // Ranks on one machine share its cores; more threads than cores would spin against each other.
        var h = Hyperparameters()
        h.threads = max(1, h.threads / group.localSize)
        compute = Compute(threads: h.threads)
        hyper = h
    }

    deinit {
        batchInputs?.deallocate()
        batchTargets?.deallocate()
    }

    // MARK: corpus and tokenizer

    /// Loads a corpus and encodes it with the current tokenizer, if there is one and it can;
    /// `isEncoded` tells which. `shouldStop` is polled after reading and around encoding each
    /// part; a stop throws `EngineError.interrupted` with the session as it was.
    @discardableResult
    public func loadCorpus(path: String, valFraction: Double = 0.1, separator: Documents.Separator? = nil,
                           shouldStop: () -> Bool = { false }) throws -> Corpus {
        try use(Corpus(path: path, valFraction: valFraction, separator: separator), shouldStop: shouldStop)
    }

    /// Makes `corpus` the session's, encoded with the current tokenizer if it can be.
    func use(_ corpus: Corpus, shouldStop: () -> Bool) throws -> Corpus {
        if shouldStop() { throw EngineError.interrupted }
        // A new text may hold characters the current tokenizer lacks; that must not stop the
        // user from switching corpora: the text loads unencoded until a tokenizer is built.
        var encoded: (TokenStream, TokenStream)?
        var failure: EngineError?
        if let tokenizer {
            do {
                encoded = try encodeLocating(corpus, with: tokenizer, shouldStop: shouldStop)
            } catch EngineError.interrupted {
                throw EngineError.interrupted
            } catch let error as EngineError {
                failure = error
            } catch {
                failure = .state("\(error)")
            }
        }
        encodingFailure = failure
        trainTokens = encoded?.0
        valTokens = encoded?.1
        self.corpus = corpus
        return corpus
    }

    /// The corpus is encoded with the current tokenizer, ready to train on.
    public var isEncoded: Bool { trainTokens != nil }

    /// Makes `tokenizer` the session's and encodes the corpus with it. A model built for a
    /// different vocabulary cannot go on with it, so it is dropped; the result says so.
    /// A stop (`shouldStop`, polled around encoding each part) changes nothing.
    @discardableResult
    public func useTokenizer(_ tokenizer: any Tokenizer,
                             shouldStop: () -> Bool = { false }) throws -> (droppedModel: Bool, tokens: Int) {
        var train: TokenStream?, val: TokenStream?
        if let corpus { (train, val) = try encodeLocating(corpus, with: tokenizer, shouldStop: shouldStop) }
        self.tokenizer = tokenizer
        trainTokens = train
        valTokens = val
        var dropped = false
        if let model, model.config.vocabSize != tokenizer.vocabSize {
            self.model = nil
            optimizer = nil
            iteration = 0
            dropped = true
        }
        return (dropped, (train?.count ?? 0) + (val?.count ?? 0))
    }

    /// `shouldStop` is polled once the characters are counted.
    public func buildCharTokenizer(shouldStop: () -> Bool = { false }) throws -> CharTokenizer {
        guard let corpus else { throw EngineError.missing(.corpus) }
        let tokenizer = CharTokenizer(corpus: corpus.text, specials: corpus.documents == nil ? [] : [SpecialToken.endOfText])
        if shouldStop() { throw EngineError.interrupted }
        return tokenizer
    }

    func encodeParts(_ corpus: Corpus, with tokenizer: any Tokenizer,
                     shouldStop: () -> Bool = { false }) throws -> (TokenStream, TokenStream) {
        if let pairs = corpus.pairs { return try encodePairs(pairs, from: corpus.path, with: tokenizer, shouldStop: shouldStop) }
        let (train, val) = corpus.parts
        if shouldStop() { throw EngineError.interrupted }
        let trainIds = try tokenizer.encode(String(train))
        if shouldStop() { throw EngineError.interrupted }
        let valIds = try tokenizer.encode(String(val))
        if shouldStop() { throw EngineError.interrupted }
        return (TokenStream(trainIds), TokenStream(valIds))
    }

    // MARK: settings

    /// Sets hyperparameters all-or-nothing: if any key or value is bad, none is applied.
    /// Architecture keys may change under an existing model, which keeps its shape until
    /// `initModel` builds the next one (`pendingArchitecture` names what differs).
    public func set(_ assignments: [(String, Double)]) throws {
        var h = hyper
        for (name, value) in assignments { try h.set(name, value) }
        try h.validateCombination()
        if let model { try requirePrecisionSwitch(model, to: h.precision) }
        hyper = h
    }

    /// Architecture keys whose setting differs from the model's shape, in the table's order.
    public var pendingArchitecture: [String] {
        guard let model else { return [] }
        let built = Hyperparameters.shaped(like: model.config, from: hyper)
        return Hyperparameters.specs.filter { $0.isArchitecture && $0.value(in: built) != $0.value(in: hyper) }.map(\.name)
    }

    // MARK: model

    /// A fresh model and optimizer from the current settings and tokenizer, after setting
    /// `settings` (which stay set); nothing changes if any of it fails.
    @discardableResult
    public func initModel(seed: Int? = nil, settings: [(String, Double)] = []) throws -> GPT {
        let (model, h) = try freshModel(seed: seed, settings: settings)
        adopt(model, hyper: h)
        return model
    }

    /// A model initialised from the settings (after setting `settings`), not yet the session's.
    func freshModel(seed: Int?, settings: [(String, Double)] = []) throws -> (GPT, Hyperparameters) {
        guard let tokenizer else { throw EngineError.missing(.tokenizer) }
        var h = hyper
        for (name, value) in settings { try h.set(name, value) }
        if let seed { try h.set("seed", Double(seed)) }
        try h.validateCombination()
        let config = h.modelConfig(vocabSize: tokenizer.vocabSize)
        try MemoryEstimate.requireAvailable(MemoryEstimate(config: config, batchSize: h.batchSize, threads: h.threads, precision: h.precision,
                                                           recompute: h.recompute).total)
        let model = try GPT(config: config)
        model.initialize(seed: UInt64(h.seed))
        return (model, h)
    }

    /// Makes a fresh model the session's, from step 0 with a new optimizer and metrics.
    func adopt(_ model: GPT, hyper h: Hyperparameters) {
        hyper = h
        self.model = model
        optimizer = AdamW(layout: model.layout)
        modelPromptFormat = nil
        iteration = 0
        metrics = Metrics()
        resetGenerators(seed: UInt64(h.seed))
    }

    func resetGenerators(seed: UInt64) {
        trainBatches = BatchSampler(seed: seed &+ 1)
        sampling = RandomGenerator(seed: seed &+ 3)
        dropoutMasks = RandomGenerator(seed: seed &+ 5)
    }

    /// Batch buffers sized once for the largest (B·T) seen.
    func batchBuffers(count: Int) -> (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Int32>) {
        if count > batchCapacity {
            batchInputs?.deallocate()
            batchTargets?.deallocate()
            batchInputs = .allocate(capacity: count)
            batchTargets = .allocate(capacity: count)
            batchCapacity = count
        }
        return (batchInputs!, batchTargets!)
    }

    /// The encoded corpus, or why there is none.
    func requireData() throws -> (TokenStream, TokenStream) {
        guard let train = trainTokens, let val = valTokens else { throw encodingFailure ?? EngineError.missing(.data) }
        return (train, val)
    }

    func requireModel() throws -> (GPT, AdamW) {
        guard let model, let optimizer else { throw EngineError.missing(.model) }
        return (model, optimizer)
    }
}
