import Foundation

/// A Hugging Face GPT-2 model read from a folder and checked, not yet part of any session.
struct HuggingFaceModel {
    var model: GPT
    var tiesWordEmbeddings: Bool
    /// The prefix the tensor names carried ("transformer." or "").
    var prefix: String
    /// The element types found, e.g. ["F32"], in file order.
    var dtypes: [String]
    /// Tensors present but not needed: mask buffers and a tied head.
    var ignored: [String]
}

enum HuggingFaceImport {
    /// Reads and checks `config.json`.
    static func readConfig(directory: URL) throws -> GPT2ConfigJSON {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isFolder) else {
            throw EngineError.io("cannot read '\(directory.path)': No such file or directory")
        }
        guard isFolder.boolValue else {
            throw EngineError.invalidArgument("'\(directory.path)' is a file; a Hugging Face model is the folder holding \(GPT2ConfigJSON.fileName) and \(HuggingFaceGPT2.modelFileName)")
        }
        let path = directory.appendingPathComponent(GPT2ConfigJSON.fileName).path
        return try GPT2ConfigJSON(data: try BoundedFileRead.read(path), path: path)
    }

    /// Reads `model.safetensors` for `json`'s network. Every shape is checked before any
    /// parameter memory is allocated, so a config cannot make it allocate more than the file
    /// holds. Refused before allocating if it cannot train at `batchSize` on `threads`.
    static func readWeights(directory: URL, config json: GPT2ConfigJSON,
                            batchSize: Int = Hyperparameters().batchSize, threads: Int = 1) throws -> HuggingFaceModel {
        let file = try openWeights(in: directory)
        let layout = ParameterLayout(config: json.config)
        let prefix = file.tensor(HuggingFaceGPT2.prefix + "wte.weight") != nil ? HuggingFaceGPT2.prefix : ""
        var ignored: [String] = []
        let expected = Set(layout.entries.map { prefix + $0.name })
        for t in file.tensors where !expected.contains(t.name) {
            guard HuggingFaceGPT2.isMaskBuffer(t.name, prefix: prefix) || t.name == HuggingFaceGPT2.lmHead else {
                throw EngineError.format("'\(file.path)' holds tensor '\(t.name)', which GPT-2 with this config.json (\(CheckpointSummary.model(json.config))) does not have")
            }
            ignored.append(t.name)
        }
        let tensors = try layout.entries.map { try floatTensor(prefix + $0.name, shape: HuggingFaceGPT2.shape(of: $0), in: file) }
        let head = try file.tensor(HuggingFaceGPT2.lmHead).map { _ in
            try floatTensor(HuggingFaceGPT2.lmHead, shape: layout.entries[0].shape, in: file)
        }

        try MemoryEstimate.requireAvailable(MemoryEstimate(config: json.config, batchSize: batchSize, threads: threads).total)
        let model = try GPT(config: json.config)
        let scratch = FloatBuffer(count: layout.entries.map(\.count).max()!)
        for (e, t) in zip(layout.entries, tensors) {
            let p = model.params.pointer + e.offset
            if HuggingFaceGPT2.isConv1D(e.name) {
                try file.copyConvertingToFloat(t, into: scratch.pointer)
                transpose(scratch.pointer, rows: e.shape[1], cols: e.shape[0], into: p)
            } else {
                try file.copyConvertingToFloat(t, into: p)
            }
            for i in 0..<e.count where !p[i].isFinite {
                throw EngineError.format("'\(file.path)': tensor '\(t.name)' holds a non-finite value (\(p[i])) at index \(i)")
            }
        }
        if let head {
            try file.copyConvertingToFloat(head, into: scratch.pointer)
            let wte = model.params.pointer + layout.wte
            guard memcmp(scratch.pointer, wte, head.count * MemoryLayout<Float>.size) == 0 else {
                throw EngineError.format("'\(file.path)': \(HuggingFaceGPT2.lmHead) differs from \(prefix)wte.weight; gptsh ties the output head to the token embedding, so it cannot run this model")
            }
        }
        var dtypes: [String] = []
        for t in tensors where !dtypes.contains(t.dtype) { dtypes.append(t.dtype) }
        return HuggingFaceModel(model: model, tiesWordEmbeddings: json.tiesWordEmbeddings,
                                prefix: prefix, dtypes: dtypes, ignored: ignored)
    }

    static func floatTensor(_ name: String, shape: [Int], in file: SafeTensorsFile) throws -> SafeTensorsFile.Tensor {
        guard let t = file.tensor(name) else { throw EngineError.format("'\(file.path)' has no tensor '\(name)'") }
        guard t.shape == shape else {
            throw EngineError.format("tensor '\(name)' in '\(file.path)' has shape \(t.shape), expected \(shape)")
        }
        guard SafeTensorsFile.floatDtypes.contains(t.dtype) else {
            throw EngineError.format("tensor '\(name)' in '\(file.path)' is \(t.dtype); only F32, F16 and BF16 are read")
        }
        return t
    }

    /// `model.safetensors`, or an error that says what the folder holds instead.
    static func openWeights(in directory: URL) throws -> SafeTensorsFile {
        let url = directory.appendingPathComponent(HuggingFaceGPT2.modelFileName)
        if !FileManager.default.fileExists(atPath: url.path) {
            func has(_ name: String) -> Bool {
                FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path)
            }
            if has("model.safetensors.index.json") {
                throw EngineError.format("'\(directory.path)' holds a sharded model (model.safetensors.index.json); gptsh reads a single \(HuggingFaceGPT2.modelFileName)")
            }
            if has("pytorch_model.bin") {
                throw EngineError.format("'\(directory.path)' holds pytorch_model.bin; gptsh reads \(HuggingFaceGPT2.modelFileName) (save with safe_serialization=True)")
            }
        }
        return try SafeTensorsFile(path: url.path)
    }
}
