import Foundation
import GPTKernels

/// What `exportHF` wrote.
public struct HuggingFaceExportReport: Sendable {
    public var directory: String
    /// File names within `directory`, in the order written.
    public var files: [String]
    public var notes: [String]
}

enum HuggingFaceExport {
    /// The names an export may write; an older export's files by these names never outlive it.
    static let fileNames: Set<String> = [
        HuggingFaceTokenizerFiles.stateFileName, HuggingFaceTokenizerFiles.vocabFileName,
        HuggingFaceTokenizerFiles.mergesFileName, HuggingFaceTokenizerJSON.fileName, HuggingFaceTokenizerJSON.configFileName,
        HuggingFaceGPT2.modelFileName, GPT2ConfigJSON.fileName,
    ]

    /// Writes the whole folder at once (see `AtomicFolder`): a reader, or an export that failed
    /// or was killed midway, finds the older export whole or the new one, never a mix.
    /// `beforeWeights` runs between the tokenizer files and the weights, for tests to fail there.
    /// `weights` bfloat16 writes BF16 tensors (half the size) and says so in config.json.
    static func write(model: GPT, tokenizer: any Tokenizer, to directory: URL, weights: Precision = .float32,
                      beforeWeights: () throws -> Void = {}) throws -> HuggingFaceExportReport {
        try AtomicFolder.write(directory, owned: fileNames) { folder in
            var (tokenizerFiles, notes) = try HuggingFaceTokenizerFiles.write(tokenizer, to: folder, blockSize: model.config.blockSize)
            try beforeWeights()
            try writeWeights(model, weights: weights, to: folder.appendingPathComponent(HuggingFaceGPT2.modelFileName).path)
            if !model.config.bias {
                notes.append("the model has no biases (bias=false) and GPT-2 cannot go without them: model.safetensors holds zero biases, which compute the same")
            }
            let eot = tokenizer.specialTokens[SpecialToken.endOfText]
            try AtomicFile.write(try GPT2ConfigJSON(config: model.config, endOfText: eot, weights: weights).data(),
                                 to: folder.appendingPathComponent(GPT2ConfigJSON.fileName).path)
            return HuggingFaceExportReport(directory: directory.path,
                                           files: tokenizerFiles + [HuggingFaceGPT2.modelFileName, GPT2ConfigJSON.fileName],
                                           notes: notes)
        }
    }

    /// The tied head is left out, as `save_pretrained` leaves it out: transformers ties
    /// `lm_head.weight` to `transformer.wte.weight` on load. GPT-2 always has biases, so a
    /// model without them gets zero ones.
    static func writeWeights(_ model: GPT, weights: Precision = .float32, to path: String) throws {
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
            var floats = source, shape = e.shape
            if HuggingFaceGPT2.isConv1D(e.name) {
                let t = FloatBuffer(count: e.count)
                transpose(source, rows: e.shape[0], cols: e.shape[1], into: t.pointer)
                temporaries.append(t)
                floats = t.pointer
                shape = HuggingFaceGPT2.shape(of: e)
            }
            if weights == .bfloat16 {
                // Two bfloat16 values to a float of the buffer.
                let t = FloatBuffer(count: (e.count + 1) / 2)
                let low = UnsafeMutableRawPointer(t.pointer).assumingMemoryBound(to: UInt16.self)
                roundToBFloat16(model.compute, low, floats, count: e.count)
                temporaries.append(t)
                w.add(name, bfloat16s: low, shape: shape)
            } else {
                w.add(name, floats: floats, shape: shape)
            }
        }
        try withExtendedLifetime(temporaries) { try w.write(to: path) }
    }
}
