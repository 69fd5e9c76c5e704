import Foundation
import GPTKernels

/// What `load` restored, and what the user should know about it.
public struct LoadReport {
    public var parameters: Int
    public var iteration: Int
    public var weightsOnly: Bool
    /// The schedule starts over at step 0 (`restartSchedule`), with fresh optimizer moments.
    public var restarted: Bool
    public var warnings: [LoadWarning]
}

/// What `load` noticed about the corpus without failing.
public enum LoadWarning: Equatable {
    /// The session's corpus is another text than the checkpoint's.
    case corpusDiffers(loaded: String, trained: String)
    /// The same text, split at another fraction: a resume is not exact.
    case splitDiffers(loaded: Double, trained: Double)
    /// The checkpoint's corpus is gone or changed on disk.
    case corpusNotFound(String)
    /// The session's corpus has text the checkpoint's tokenizer cannot encode: it stays loaded,
    /// unencoded; the error (`EngineError.cannotEncode`) says where.
    case corpusNotEncodable(EngineError)
    /// Saved with dtype=bfloat16, loaded on a CPU without AVX512_BF16: it runs in float32.
    case bfloat16Unsupported
}

extension Session {
    /// Saves model, optimizer, tokenizer, settings, generators and metrics to one file,
    /// atomically: a failure leaves any existing file at `path` as it was. Missing folders on
    /// the way are created, as `exportHF` creates its folder. Under MPI rank 0 alone writes.
    /// `weights` bfloat16 rounds the parameters of a weights-only file to BF16 (half the size).
    public func save(path: String, weightsOnly: Bool = false, weights: Precision = .float32) throws {
        let (model, optimizer) = try requireModel()
        guard weightsOnly || weights == .float32 else {
            throw EngineError.invalidArgument("dtype=bfloat16 is for weights-only files: a full checkpoint keeps the float32 weights "
                + "that training resumes from (save PATH weights-only dtype=bfloat16)")
        }
        try writeOnPrimary {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
                throw EngineError.io("cannot save to '\(path)': cannot create the folder '\(folder.path)': \(FolderCreation.reason(folder, error))")
            }
            try Checkpoint.write(session: self, model: model, optimizer: weightsOnly ? nil : optimizer, weights: weights, to: path)
        }
    }

    /// Restores a session from a checkpoint. Everything is read and checked first; the
    /// session changes only if the whole file is good. With `restartSchedule`, for fine-tuning
    /// as nanoGPT's `init_from='gpt2'` does, only the model, tokenizer and settings are taken:
    /// the step count, warmup and decay start over at 0 with fresh AdamW moments, new metrics
    /// and generators from the seed. Without, it goes on exactly where it stopped
    /// (`init_from='resume'`).
    @discardableResult
    public func load(path: String, restartSchedule: Bool = false) throws -> LoadReport {
        let c = try Checkpoint.read(path: path)
        var warnings: [LoadWarning] = []
        var corpus = self.corpus
        if let info = c.corpus {
            if let current = corpus {
                if current.fingerprint != info.fingerprint {
                    warnings.append(.corpusDiffers(loaded: current.path, trained: info.path))
                } else if current.valFraction != info.valFraction {
                    // Same text, other split: batches come from other positions, so a resume is not exact.
                    warnings.append(.splitDiffers(loaded: current.valFraction, trained: info.valFraction))
                }
            } else if let text = try? Self.reread(info), text.fingerprint == info.fingerprint {
                corpus = text
            } else {
                warnings.append(.corpusNotFound(info.path))
            }
        }
        var train: TokenStream?, val: TokenStream?
        var failure: EngineError?
        if let corpus {
            do { (train, val) = try encodeLocating(corpus, with: c.tokenizer) } catch let error as EngineError {
                failure = error
                warnings.append(.corpusNotEncodable(error))
            }
        }
        let model = c.model, optimizer = restartSchedule ? AdamW(layout: c.model.layout) : c.optimizer
        var hyper = c.hyper
        hyper.threads = self.hyper.threads
        if (try? Hyperparameters.requireSupported(hyper.precision)) == nil {
            hyper.precision = .float32
            warnings.append(.bfloat16Unsupported)
        }
        // Everything is checked: from here on nothing can fail.
        if let run = c.run, !restartSchedule {
            optimizer.step = run.optimizerStep
            iteration = run.iteration
            trainBatches.rng = RandomGenerator(state: run.trainBatches)
            sampling = RandomGenerator(state: run.sampling)
            dropoutMasks = run.dropoutMasks.map(RandomGenerator.init(state:)) ?? RandomGenerator(seed: UInt64(hyper.seed) &+ 5)
        } else {
            iteration = 0
            resetGenerators(seed: UInt64(hyper.seed))
        }
        self.hyper = hyper
        self.corpus = corpus
        tokenizer = c.tokenizer
        trainTokens = train
        valTokens = val
        encodingFailure = failure
        self.model = model
        self.optimizer = optimizer
        metrics = restartSchedule ? Metrics() : c.metrics ?? Metrics()
        modelPromptFormat = c.promptFormat
        return LoadReport(parameters: model.parameterCount, iteration: iteration, weightsOnly: c.weightsOnly,
                          restarted: restartSchedule, warnings: warnings)
    }

    /// The checkpoint's corpus read again from its file, as text or as pairs.
    private static func reread(_ info: Checkpoint.CorpusInfo) throws -> Corpus {
        if info.pairs == true { return try Corpus(pairsPath: info.path, valFraction: info.valFraction) }
        return try Corpus(path: info.path, valFraction: info.valFraction,
                          separator: info.separator.flatMap(Documents.Separator.init(code:)))
    }
}
