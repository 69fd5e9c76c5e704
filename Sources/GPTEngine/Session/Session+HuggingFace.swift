import Foundation
import GPTKernels

/// What `loadHF` imported, and what the user should know about it.
public struct HuggingFaceLoadReport: Sendable {
    public var parameters: Int
    public var config: GPTConfig
    /// The tokenizer's summary and the file it came from.
    public var tokenizer: String
    /// Element types of the weights as stored ("F32", "F16", "BF16"); the model computes in F32.
    public var dtypes: [String]
    /// Tensors in the file that gptsh does not need: mask buffers and a head tied to wte.
    public var ignoredTensors: [String]
    public var warnings: [String]
}

extension Session {
    /// Writes the model as a Hugging Face GPT-2 folder (`config.json`, `model.safetensors`,
    /// the tokenizer files), creating `directory` if needed; each file is written atomically.
    @discardableResult
    public func exportHF(directory: String, weights: Precision = .float32) throws -> HuggingFaceExportReport {
        let (model, _) = try requireModel()
        guard let tokenizer else { throw EngineError.state("no tokenizer to export") }
        var report = HuggingFaceExportReport(directory: directory, files: [], notes: [])
        try writeOnPrimary {
            report = try HuggingFaceExport.write(model: model, tokenizer: tokenizer, to: URL(fileURLWithPath: directory), weights: weights)
        }
        return report
    }

    /// Imports a Hugging Face GPT-2 folder with its tokenizer, ready to sample or fine-tune
    /// with a fresh optimizer. Everything is read and checked first; the session changes only
    /// if the whole folder is good.
    @discardableResult
    public func loadHF(directory: String) throws -> HuggingFaceLoadReport {
        // Cheapest first, so a folder without a usable tokenizer fails before its weights are read.
        let url = URL(fileURLWithPath: directory)
        let json = try HuggingFaceImport.readConfig(directory: url)
        let config = json.config
        let (tokenizer, source) = try HuggingFaceTokenizerFiles.read(from: url)
        guard tokenizer.vocabSize == config.vocabSize else {
            throw EngineError.format("'\(directory)': the tokenizer (\(source)) has \(tokenizer.vocabSize) tokens but config.json's vocab_size is \(config.vocabSize)")
        }
        let hf = try HuggingFaceImport.readWeights(directory: url, config: json, batchSize: hyper.batchSize, threads: hyper.threads)
        // The config passed `validateLimits`, the same ranges `set` checks.
        var h = hyper
        try h.set("n_layer", Double(config.nLayer))
        try h.set("n_head", Double(config.nHead))
        try h.set("n_embd", Double(config.nEmbd))
        try h.set("block_size", Double(config.blockSize))
        try h.set("bias", 1)
        var train: TokenStream?, val: TokenStream?
        if let corpus { (train, val) = try encodeParts(corpus, with: tokenizer) }
        var warnings: [String] = []
        if !hf.tiesWordEmbeddings && !hf.ignored.contains(HuggingFaceGPT2.lmHead) {
            warnings.append("config.json says tie_word_embeddings is false but the file has no \(HuggingFaceGPT2.lmHead); the head is tied to wte, as gptsh always ties it")
        }
        // Everything is checked: from here on nothing can fail.
        hyper = h
        self.tokenizer = tokenizer
        trainTokens = train
        valTokens = val
        model = hf.model
        optimizer = AdamW(layout: hf.model.layout)
        modelPromptFormat = nil
        iteration = 0
        metrics = Metrics()
        resetGenerators(seed: UInt64(h.seed))
        return HuggingFaceLoadReport(parameters: hf.model.parameterCount, config: config,
                                     tokenizer: "\(tokenizer.summary) (from \(source))", dtypes: hf.dtypes,
                                     ignoredTensors: hf.ignored, warnings: warnings)
    }
}
