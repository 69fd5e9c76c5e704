import Foundation

/// What a checkpoint holds, as readable lines, from its header and metadata alone: the file
/// is mapped and only its header is parsed, so no tensor data is read. `path` is a gptsh
/// checkpoint, any other safetensors file, or a Hugging Face GPT-2 folder.
public func describeCheckpoint(path: String) throws -> CheckpointDescription {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
        return try CheckpointSummary.folder(URL(fileURLWithPath: path))
    }
    let file = try SafeTensorsFile(path: path)
    var lines = ["file: \(path) (\(CheckpointSummary.bytes(file.data.count)))"]
    if file.metadata["format"] == Checkpoint.format { return CheckpointDescription(lines: lines + CheckpointSummary.gptsh(file)) }
    let (more, importable) = CheckpointSummary.foreign(file)
    lines += more
    return CheckpointDescription(lines: lines, importable: importable ? .huggingFaceWeights : nil)
}

/// `describeCheckpoint`'s lines, and what the path can be imported as, for the caller's hint.
public struct CheckpointDescription {
    public enum Importable: Equatable {
        /// A Hugging Face GPT-2 folder, importable as it is.
        case huggingFaceFolder
        /// A Hugging Face GPT-2 weights file: its folder, with the config, is importable.
        case huggingFaceWeights
    }

    public var lines: [String]
    public var importable: Importable?

    init(lines: [String], importable: Importable? = nil) {
        self.lines = lines
        self.importable = importable
    }
}

enum CheckpointSummary {
    static func gptsh(_ file: SafeTensorsFile) -> [String] {
        let meta = file.metadata
        func decoded<T: Decodable>(_ type: T.Type, _ key: String) -> T? {
            try? Checkpoint.decode(type, key, in: meta, path: file.path)
        }
        var lines = ["format: gptsh checkpoint, version \(meta["format_version"] ?? "?")" +
                     (meta["format_version"] == String(Checkpoint.version) ? "" : " (this gptsh reads version \(Checkpoint.version))")]
        if let c = decoded(GPTConfig.self, "config") {
            do {
                try c.validateLimits()
                lines.append("model: \(model(c)), \(ParameterLayout(config: c).count) parameters")
            } catch {
                lines.append("model: \(model(c)), not loadable: \(error)")
            }
        } else {
            lines.append("model: no readable config")
        }
        if let state = decoded(TokenizerState.self, "tokenizer") {
            let summary = (try? makeTokenizer(from: state)).map(\.summary) ?? "\(state.kind), not readable by this gptsh"
            lines.append("tokenizer: \(summary)")
        } else {
            lines.append("tokenizer: none readable")
        }
        let moments = file.tensors.filter { $0.name.hasPrefix("optimizer.") }
        if let run = decoded(Checkpoint.RunState.self, "run") {
            lines.append("training: step \(run.iteration), AdamW step \(run.optimizerStep); optimizer state present (\(moments.count) moment tensors)")
        } else {
            lines.append("training: weights only, no optimizer state; loading starts a fresh optimizer at step 0")
        }
        lines.append("tensors: \(file.tensors.count - moments.count) parameter + \(moments.count) optimizer, \(tensorBytes(file))")
        if let h = decoded(Hyperparameters.self, "hyperparameters") {
            let settings = Hyperparameters.specs.filter { !$0.isArchitecture && $0.name != "threads" }
            lines.append("hyperparameters: " + settings.map { "\($0.name) \($0.format($0.value(in: h)))" }.joined(separator: ", "))
        }
        if let c = decoded(Checkpoint.CorpusInfo.self, "corpus") {
            lines.append("corpus: \(c.path), \(c.characters) characters, fingerprint \(c.fingerprint), val \(formatReal(c.valFraction))")
        }
        if let m = decoded(Metrics.self, "metrics") {
            var parts = ["\(m.steps.count) logged steps", "\(m.tokensSeen) tokens seen"]
            if let loss = m.lastTrainLoss { parts.append("last train loss \(String(format: "%.4f", loss))") }
            if let best = m.bestValidation, let loss = best.valLoss { parts.append("best val loss \(String(format: "%.4f", loss)) at step \(best.step)") }
            lines.append("metrics: " + parts.joined(separator: ", "))
        }
        return lines
    }

    /// A safetensors file gptsh did not write, and whether it looks like GPT-2 weights.
    static func foreign(_ file: SafeTensorsFile) -> ([String], Bool) {
        var lines = ["format: safetensors, not a gptsh checkpoint" +
                     (file.metadata.isEmpty ? "" : "; metadata " + file.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))]
        lines.append("tensors: \(file.tensors.count), \(tensorBytes(file))")
        let names = Set(file.tensors.map(\.name))
        let gpt2 = names.contains("wte.weight") || names.contains(HuggingFaceGPT2.prefix + "wte.weight")
        if gpt2 {
            lines.append("looks like a Hugging Face GPT-2 \(HuggingFaceGPT2.modelFileName): the folder holding it with its \(GPT2ConfigJSON.fileName) can be imported")
        }
        return (lines, gpt2)
    }

    static func folder(_ url: URL) throws -> CheckpointDescription {
        var lines = ["folder: \(url.path)"]
        var importable = false
        let configPath = url.appendingPathComponent(GPT2ConfigJSON.fileName).path
        guard let data = FileManager.default.contents(atPath: configPath) else {
            throw EngineError.io("'\(url.path)' holds no \(GPT2ConfigJSON.fileName): not a Hugging Face model folder")
        }
        do {
            let json = try GPT2ConfigJSON(data: data, path: configPath)
            lines.append("format: Hugging Face GPT-2 (\(GPT2ConfigJSON.fileName)), importable")
            importable = true
            lines.append("model: \(model(json.config)), \(ParameterLayout(config: json.config).count) parameters")
        } catch {
            lines.append("format: Hugging Face folder gptsh cannot import: \(error)")
        }
        let weights = url.appendingPathComponent(HuggingFaceGPT2.modelFileName).path
        if let file = try? SafeTensorsFile(path: weights) {
            let prefixed = file.tensor(HuggingFaceGPT2.prefix + "wte.weight") != nil
            lines.append("weights: \(HuggingFaceGPT2.modelFileName), \(file.tensors.count) tensors, \(tensorBytes(file))" +
                         (prefixed ? ", names under '\(HuggingFaceGPT2.prefix)'" : ""))
        } else {
            lines.append("weights: no readable \(HuggingFaceGPT2.modelFileName)")
        }
        let tokenizerFiles = [HuggingFaceTokenizerFiles.stateFileName, HuggingFaceTokenizerFiles.vocabFileName, HuggingFaceTokenizerFiles.mergesFileName]
            .filter { FileManager.default.fileExists(atPath: url.appendingPathComponent($0).path) }
        lines.append("tokenizer: " + (tokenizerFiles.isEmpty ? "no tokenizer files" : tokenizerFiles.joined(separator: ", ")))
        return CheckpointDescription(lines: lines, importable: importable ? .huggingFaceFolder : nil)
    }

    static func model(_ c: GPTConfig) -> String {
        "n_layer \(c.nLayer), n_head \(c.nHead), n_embd \(c.nEmbd), block_size \(c.blockSize), vocab_size \(c.vocabSize)"
            + (c.bias ? "" : ", bias false")
    }

    /// Total tensor bytes and the element types, e.g. "3.1 MB of F32".
    static func tensorBytes(_ file: SafeTensorsFile) -> String {
        var dtypes: [String] = []
        for t in file.tensors where !dtypes.contains(t.dtype) { dtypes.append(t.dtype) }
        let total = file.tensors.reduce(0) { $0 + $1.bytes.count }
        return "\(bytes(total))" + (dtypes.isEmpty ? "" : " of " + dtypes.joined(separator: ", "))
    }

    static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) bytes" }
        if n < 1024 * 1024 { return String(format: "%.1f KB", Double(n) / 1024) }
        if n < 1024 * 1024 * 1024 { return String(format: "%.1f MB", Double(n) / (1024 * 1024)) }
        return String(format: "%.2f GB", Double(n) / (1024 * 1024 * 1024))
    }
}
