import Foundation

/// What `exportHF` wrote.
public struct HuggingFaceExportReport: Sendable {
    public var directory: String
    /// File names within `directory`, in the order written.
    public var files: [String]
    public var notes: [String]
}

enum HuggingFaceExport {
    /// Writes the tokenizer first (the one part whose contents can be refused), the weights
    /// next and `config.json` last, each atomically: transformers starts from the config, so
    /// a folder whose export failed midway still holds a complete older model, if it had one.
    static func write(model: GPT, tokenizer: any Tokenizer, to directory: URL) throws -> HuggingFaceExportReport {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw EngineError.io("cannot create the folder '\(directory.path)': \(Corpus.reason(error))")
        }
        var (tokenizerFiles, notes) = try HuggingFaceTokenizerFiles.write(tokenizer, to: directory)
        try writeWeights(model, to: directory.appendingPathComponent(HuggingFaceGPT2.modelFileName).path)
        if !model.config.bias {
            notes.append("the model has no biases (bias=false) and GPT-2 cannot go without them: model.safetensors holds zero biases, which compute the same")
        }
        let eot = tokenizer.specialTokens[SpecialToken.endOfText]
        try AtomicFile.write(try GPT2ConfigJSON(config: model.config, endOfText: eot).data(),
                             to: directory.appendingPathComponent(GPT2ConfigJSON.fileName).path)
        return HuggingFaceExportReport(directory: directory.path,
                                       files: tokenizerFiles + [HuggingFaceGPT2.modelFileName, GPT2ConfigJSON.fileName],
                                       notes: notes)
    }

    /// The tied head is left out, as `save_pretrained` leaves it out: transformers ties
    /// `lm_head.weight` to `transformer.wte.weight` on load. GPT-2 always has biases, so a
    /// model without them gets zero ones.
    static func writeWeights(_ model: GPT, to path: String) throws {
        var w = SafeTensorsWriter()
        w.metadata = ["format": "pt"]
        var temporaries: [FloatBuffer] = []
        var withBias = model.config
        withBias.bias = true
        for e in ParameterLayout(config: withBias).entries {
            let source: UnsafeMutablePointer<Float>
            if let own = model.layout.entry(named: e.name) {
                source = model.params.pointer + own.offset
            } else {
                let zeros = FloatBuffer(count: e.count)
                temporaries.append(zeros)
                source = zeros.pointer
            }
            let name = HuggingFaceGPT2.prefix + e.name
            if HuggingFaceGPT2.isConv1D(e.name) {
                let t = FloatBuffer(count: e.count)
                transpose(source, rows: e.shape[0], cols: e.shape[1], into: t.pointer)
                temporaries.append(t)
                w.add(name, floats: t.pointer, shape: HuggingFaceGPT2.shape(of: e))
            } else {
                w.add(name, floats: source, shape: e.shape)
            }
        }
        try withExtendedLifetime(temporaries) { try w.write(to: path) }
    }
}
