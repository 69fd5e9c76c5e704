import Foundation
import GPTKernels

/// gptsh's checkpoint: one safetensors file holding the parameters, AdamW's moments and, in
/// its metadata, everything else a session needs to go on exactly where it stopped.
public enum Checkpoint {
    public static let format = "gptsh-checkpoint"
    public static let version = 1

    /// Generator states and positions, stored as JSON in the metadata.
    struct RunState: Codable, Equatable {
        var iteration: Int
        var optimizerStep: Int
        var trainBatches: [UInt64]
        var sampling: [UInt64]
        /// Dropout's generator; absent in checkpoints from before gptsh had dropout.
        var dropoutMasks: [UInt64]?
    }

    struct CorpusInfo: Codable, Equatable {
        var path: String
        var characters: Int
        var fingerprint: String
        var valFraction: Double
        var separator: String?
        /// True for a `load pairs` file, read back as pairs; absent for a text.
        var pairs: Bool?
    }

    /// What a file holds once read and checked; nothing in a session changes until it is applied.
    struct Contents {
        var config: GPTConfig
        var hyper: Hyperparameters
        var tokenizer: any Tokenizer
        /// The tensors are read straight into the model's and optimizer's own buffers: a
        /// checkpoint of the M model is 130 MB, and every extra copy shows in the load time.
        var model: GPT
        /// With the saved moments, or fresh for a weights-only file.
        var optimizer: AdamW
        var run: RunState?
        var corpus: CorpusInfo?
        var metrics: Metrics?
        var weightsOnly: Bool
        /// Set when the model was trained on pairs: how `answer` must put a prompt.
        var promptFormat: PromptFormat?
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A diverged run's metrics hold NaN or infinite losses; JSON has no literal for them.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ key: String, in meta: [String: String], path: String) throws -> T {
        guard let text = meta[key] else { throw EngineError.format("'\(path)' has no '\(key)' in its metadata") }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return try decoder.decode(T.self, from: Data(text.utf8)) } catch {
            throw EngineError.format("'\(path)': metadata '\(key)' is malformed")
        }
    }

    // MARK: writing

    /// With `weights` bfloat16 (weights-only files), the parameters are rounded to BF16 tensors:
    /// half the size, for inference; a full checkpoint keeps the float32 weights a resume needs.
    static func write(session s: Session, model: GPT, optimizer: AdamW?, weights: Precision = .float32, to path: String) throws {
        guard let tokenizer = s.tokenizer else { throw EngineError.state("no tokenizer to save") }
        precondition(weights == .float32 || optimizer == nil)
        var w = SafeTensorsWriter()
        let rounded = UnsafeMutablePointer<UInt16>.allocate(capacity: weights == .bfloat16 ? model.layout.count : 0)
        defer { rounded.deallocate() }
        if weights == .bfloat16 { roundToBFloat16(model.compute, rounded, model.params.pointer, count: model.layout.count) }
        for e in model.layout.entries {
            if weights == .bfloat16 {
                w.add(e.name, bfloat16s: rounded + e.offset, shape: e.shape)
            } else {
                w.add(e.name, floats: model.params.pointer + e.offset, shape: e.shape)
            }
        }
        var meta: [String: String] = [
            "format": format,
            "format_version": String(version),
            "config": try json(model.config),
            "hyperparameters": try json(s.hyper),
            "tokenizer": try json(tokenizer.state),
        ]
        if let format = s.promptFormat { meta["prompt_format"] = try json(format) }
        if let optimizer {
            for e in model.layout.entries {
                w.add(CheckpointTensors.firstMomentPrefix + e.name, floats: optimizer.m.pointer + e.offset, shape: e.shape)
                w.add(CheckpointTensors.secondMomentPrefix + e.name, floats: optimizer.v.pointer + e.offset, shape: e.shape)
            }
            meta["run"] = try json(RunState(
                iteration: s.iteration, optimizerStep: optimizer.step,
                trainBatches: s.trainBatches.rng.stateArray,
                sampling: s.sampling.stateArray, dropoutMasks: s.dropoutMasks.stateArray))
            meta["metrics"] = try json(s.metrics)
            if let c = s.corpus {
                // Absolute, so that `load` finds the text again from any working directory.
                let path = URL(fileURLWithPath: c.path).standardizedFileURL.path
                meta["corpus"] = try json(CorpusInfo(path: path, characters: c.characterCount,
                                                     fingerprint: c.fingerprint, valFraction: c.valFraction,
                                                     separator: c.separator?.code, pairs: c.pairs == nil ? nil : true))
            }
        }
        w.metadata = meta
        try w.write(to: path)
    }

    // MARK: reading

    static func read(path: String) throws -> Contents {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw EngineError.notACheckpoint(path: path, isFolder: true)
        }
        return try read(try SafeTensorsFile(path: path))
    }

    /// The checks and the reading of `read(path:)`, for a file already framed.
    static func read(_ file: SafeTensorsFile) throws -> Contents {
        let path = file.path
        let meta = file.metadata
        guard meta["format"] == format else {
            throw EngineError.notACheckpoint(path: path, isFolder: false)
        }
        guard let v = meta["format_version"].flatMap(Int.init), v == version else {
            throw EngineError.format("'\(path)' has checkpoint format version \(meta["format_version"] ?? "?"); this gptsh reads version \(version)")
        }
        let config = try decode(GPTConfig.self, "config", in: meta, path: path)
        do { try config.validateLimits() } catch { throw EngineError.format("'\(path)': \(error)") }
        let hyper = try decode(Hyperparameters.self, "hyperparameters", in: meta, path: path)
        do { try hyper.validateAll() } catch { throw EngineError.format("'\(path)': \(error)") }
        let tokenizerState = try decode(TokenizerState.self, "tokenizer", in: meta, path: path)
        let tokenizer: any Tokenizer
        do { tokenizer = try makeTokenizer(from: tokenizerState) } catch {
            throw EngineError.format("'\(path)': its tokenizer cannot be rebuilt: \(error)")
        }
        guard tokenizer.vocabSize == config.vocabSize else {
            throw EngineError.format("'\(path)': the tokenizer has \(tokenizer.vocabSize) tokens but the model's vocab_size is \(config.vocabSize)")
        }
        let weightsOnly = meta["run"] == nil
        try MemoryEstimate.requireAvailable(MemoryEstimate(config: config, batchSize: hyper.batchSize, threads: hyper.threads,
                                                           precision: hyper.precision, recompute: hyper.recompute).total)
        try CheckpointTensors.requireMatch(file, layout: ParameterLayout(config: config), withMoments: !weightsOnly)
        let model = try GPT(config: config)
        try readTensors(file, layout: model.layout, prefix: "", into: model.params, path: path, bfloat16: weightsOnly)
        let optimizer = AdamW(layout: model.layout)
        var run: RunState?
        if !weightsOnly {
            try readTensors(file, layout: model.layout, prefix: CheckpointTensors.firstMomentPrefix, into: optimizer.m, path: path)
            try readTensors(file, layout: model.layout, prefix: CheckpointTensors.secondMomentPrefix, into: optimizer.v, path: path)
            let r = try decode(RunState.self, "run", in: meta, path: path)
            guard [r.trainBatches, r.sampling, r.dropoutMasks ?? [0, 0, 0, 0]].allSatisfy({ $0.count == 4 }), r.iteration >= 0, r.optimizerStep >= 0 else {
                throw EngineError.format("'\(path)': metadata 'run' is malformed")
            }
            // An all-zero xoshiro state only ever yields zero: batches would never be drawn.
            for (name, state) in [("trainBatches", r.trainBatches), ("sampling", r.sampling)] where state.allSatisfy({ $0 == 0 }) {
                throw EngineError.format("'\(path)': metadata 'run.\(name)' is an all-zero generator state, which no generator can have")
            }
            run = r
        }
        let corpus = meta["corpus"] == nil ? nil : try decode(CorpusInfo.self, "corpus", in: meta, path: path)
        let metrics = meta["metrics"] == nil ? nil : try decode(Metrics.self, "metrics", in: meta, path: path)
        let promptFormat = meta["prompt_format"] == nil ? nil : try decode(PromptFormat.self, "prompt_format", in: meta, path: path)
        if let format = promptFormat, format.separator.isEmpty || format.separator.contains(SpecialToken.endOfText) {
            throw EngineError.format("'\(path)': metadata 'prompt_format' has a separator that cannot end a prompt")
        }
        return Contents(config: config, hyper: hyper, tokenizer: tokenizer, model: model, optimizer: optimizer,
                        run: run, corpus: corpus, metrics: metrics, weightsOnly: weightsOnly, promptFormat: promptFormat)
    }

    /// Every tensor of the layout under `prefix`, shape-checked and finite, into `buffer`; with
    /// `bfloat16`, BF16 tensors (a weights-only file saved with dtype=bfloat16) are widened.
    static func readTensors(_ file: SafeTensorsFile, layout: ParameterLayout, prefix: String, into buffer: FloatBuffer, path: String,
                            bfloat16: Bool = false) throws {
        for e in layout.entries {
            if bfloat16, let t = file.tensor(prefix + e.name), t.dtype == "BF16" {
                let t = try file.require(prefix + e.name, dtype: "BF16", shape: e.shape)
                try file.copyConvertingToFloat(t, into: buffer.pointer + e.offset)
            } else {
                try file.copyFloats(prefix + e.name, shape: e.shape, into: buffer.pointer + e.offset)
            }
            let p = buffer.pointer + e.offset
            for i in 0..<e.count where !p[i].isFinite {
                throw EngineError.format("'\(path)': tensor '\(prefix + e.name)' holds a non-finite value (\(p[i])) at index \(i)")
            }
            // AdamW divides by the square root of the second moment, a running mean of squares.
            if prefix == CheckpointTensors.secondMomentPrefix, let i = (0..<e.count).first(where: { p[$0] < 0 }) {
                throw EngineError.format("'\(path)': tensor '\(prefix + e.name)' holds a negative second moment (\(p[i])) at index \(i); AdamW's second moments are means of squares, never below 0")
            }
        }
    }
}
