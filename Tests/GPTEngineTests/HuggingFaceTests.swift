import Foundation
import Testing
@testable import GPTEngine

/// Export to and import from Hugging Face GPT-2 folders, checked against a folder, ids and
/// logits made by transformers itself (scripts/make_hf_fixture.py).
@Suite(.serialized) struct HuggingFaceTests {
    func trainedSession(blockSize: Int = 8, tokenizer: (Session) throws -> any Tokenizer) throws -> Session {
        let folder = try temporaryFolder("hf-corpus")
        let corpus = folder.appendingPathComponent("corpus.txt").path
        try String(repeating: "the quick brown fox jumps over the lazy dog; ", count: 40).write(toFile: corpus, atomically: true, encoding: .utf8)
        let s = Session()
        try s.loadCorpus(path: corpus, valFraction: 0.2)
        try s.useTokenizer(try tokenizer(s))
        try s.set([("n_layer", 2), ("n_head", 2), ("n_embd", 16), ("block_size", Double(blockSize)), ("batch_size", 2),
                   ("threads", 1), ("log_interval", 0), ("eval_interval", 0), ("eval_iters", 1)])
        try s.initModel(seed: 7)
        try s.train(steps: 3)
        return s
    }

    @Test func fixtureLogitsMatchTransformers() throws {
        let hf = try importHFWeights(hfFixtureFolder)
        #expect(hf.prefix == "transformer.")
        #expect(hf.dtypes == ["F32"])
        let expected = try SafeTensorsFile(path: hfFixtureExpected.path)
        let ids = try expected.int32s("input_ids")
        let shape = expected.tensor("input_ids")!.shape
        let got = logits(of: hf.model, ids: ids, B: shape[0], T: shape[1])
        let err = relativeError(got, try expected.floats("logits"))
        #expect(err <= 1e-4, "logits relative error \(err)")
    }

    @Test func fixtureLoadsWithItsTokenizerAndComputesLikeTransformers() throws {
        let s = Session()
        let report = try s.loadHF(directory: hfFixtureFolder.path)
        #expect(report.config == GPTConfig(vocabSize: 280, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16))
        #expect(report.tokenizer.hasPrefix("bpe, 280 tokens") && report.tokenizer.hasSuffix("(from vocab.json + merges.txt)"))
        #expect(report.ignoredTensors.isEmpty && report.warnings.isEmpty)
        #expect(s.hyper.nLayer == 2 && s.hyper.nEmbd == 16 && s.hyper.blockSize == 16 && s.hyper.nHead == 2)
        #expect(s.iteration == 0 && s.optimizer!.step == 0)
        let expected = try SafeTensorsFile(path: hfFixtureExpected.path)
        let promptIds = try JSONDecoder().decode([Int32].self, from: Data(expected.metadata["prompt_ids"]!.utf8))
        #expect(try s.tokenizer!.encode(expected.metadata["prompt"]!) == promptIds)
        let shape = expected.tensor("input_ids")!.shape
        let got = logits(of: s.model!, ids: Array(promptIds.prefix(shape[0] * shape[1])), B: shape[0], T: shape[1])
        #expect(relativeError(got, try expected.floats("logits")) <= 1e-4)
    }

    /// Re-exporting the transformers-made model must give back its tensors byte for byte:
    /// same names, same prefix, same Conv1D layout, no head.
    @Test func exportWritesWhatSavePretrainedWrites() throws {
        let s = Session()
        try s.loadHF(directory: hfFixtureFolder.path)
        let out = try temporaryFolder("hf-reexport")
        let report = try s.exportHF(directory: out.path)
        #expect(report.files == ["gptsh_tokenizer.json", "vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json", "model.safetensors", "config.json"])
        #expect(report.notes.isEmpty)
        func vocab(_ folder: URL) throws -> [String: Int] {
            try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("vocab.json"))) as! [String: Int]
        }
        func merges(_ folder: URL) throws -> [Substring] {
            try String(contentsOf: folder.appendingPathComponent("merges.txt"), encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#version") }
        }
        #expect(try vocab(out) == vocab(hfFixtureFolder))
        #expect(try merges(out) == merges(hfFixtureFolder))
        let original = try readRawTensors(hfFixtureFolder.appendingPathComponent("model.safetensors"))
        let exported = try readRawTensors(out.appendingPathComponent("model.safetensors"))
        #expect(exported.metadata == ["format": "pt"])
        #expect(Dictionary(uniqueKeysWithValues: exported.tensors.map { ($0.name, $0.bytes) })
            == Dictionary(uniqueKeysWithValues: original.tensors.map { ($0.name, $0.bytes) }))
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("config.json"))) as! [String: Any]
        #expect(config["model_type"] as? String == "gpt2")
        #expect(config["architectures"] as? [String] == ["GPT2LMHeadModel"])
        #expect(config["n_inner"] is NSNull)
        #expect(config["activation_function"] as? String == "gelu_new")
        #expect(config["vocab_size"] as? Int == 280 && config["n_positions"] as? Int == 16 && config["n_ctx"] as? Int == 16)
        #expect(config["bos_token_id"] as? Int == 0 && config["eos_token_id"] as? Int == 0)
    }

    @Test func exportThenImportRoundTripsACharModel() throws {
        let s = try trainedSession { try $0.buildCharTokenizer() }
        let out = try temporaryFolder("hf-roundtrip")
        let report = try s.exportHF(directory: out.appendingPathComponent("nested/model").path)
        #expect(report.notes.contains { $0.contains("char tokenizer has no Hugging Face form") })
        let t = Session()
        try t.loadCorpus(path: s.corpus!.path, valFraction: 0.2)
        let loaded = try t.loadHF(directory: report.directory)
        #expect(loaded.tokenizer.contains("gptsh_tokenizer.json"))
        #expect(t.model!.params.array == s.model!.params.array)
        #expect((t.tokenizer as! CharTokenizer).characters == (s.tokenizer as! CharTokenizer).characters)
        #expect(t.iteration == 0 && t.optimizer!.step == 0 && t.metrics.steps.isEmpty)
        let ids: [Int32] = [1, 4, 2, 8, 5, 7, 0, 3]
        #expect(logits(of: t.model!, ids: ids, B: 1, T: 8) == logits(of: s.model!, ids: ids, B: 1, T: 8))
        // The corpus loaded first was encoded with the imported tokenizer: fine-tuning goes on.
        #expect(t.trainTokens!.count == s.trainTokens!.count)
        try t.train(steps: 1)
    }

    /// A byte tokenizer is a BPE without merges, so GPT-2's files hold it exactly.
    @Test func byteTokenizerExportsAsGPT2FilesWithoutMerges() throws {
        let s = try trainedSession { $0.buildByteTokenizer() }
        let out = try temporaryFolder("hf-byte")
        let report = try s.exportHF(directory: out.path)
        #expect(report.files.contains("vocab.json") && report.notes.isEmpty)
        let vocab = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("vocab.json"))) as! [String: Int]
        #expect(vocab.count == 257 && vocab["<|endoftext|>"] == 256 && vocab["Ġ"] == 32)
        #expect(try String(contentsOf: out.appendingPathComponent("merges.txt"), encoding: .utf8) == "#version: 0.2\n")
        try FileManager.default.removeItem(at: out.appendingPathComponent("gptsh_tokenizer.json"))
        let t = Session()
        let loaded = try t.loadHF(directory: out.path)
        #expect(loaded.tokenizer.hasSuffix("(from vocab.json + merges.txt)"))
        let text = "naïve café<|endoftext|>日本 🙂"
        let before = try s.tokenizer!.encode(text)
        #expect(try t.tokenizer!.encode(text) == before)
    }

    /// The hub's original `gpt2` names its tensors without the prefix and carries the mask
    /// buffers; other checkpoints store a tied head or half-precision weights.
    @Test(arguments: ["F16", "BF16"])
    func importsUnprefixedHalfPrecisionWithBuffersAndTiedHead(dtype: String) throws {
        let folder = try copyOfHFFixture()
        let (tensors, _) = try readRawTensors(folder.appendingPathComponent("model.safetensors"))
        var rewritten = tensors.map { t -> RawTensor in
            var n = t.narrowed(to: dtype)
            n.name = String(t.name.dropFirst("transformer.".count))
            return n
        }
        var head = rewritten.first { $0.name == "wte.weight" }!
        head.name = "lm_head.weight"
        rewritten.append(head)
        for l in 0..<2 {
            rewritten.append(RawTensor(name: "h.\(l).attn.bias", dtype: "BOOL", shape: [1, 1, 16, 16], bytes: Array(repeating: 1, count: 256)))
            rewritten.append(RawTensor(name: "h.\(l).attn.masked_bias", shape: [], floats: [-1e4]))
        }
        try writeRawTensors(rewritten, to: folder.appendingPathComponent("model.safetensors"))
        let hf = try importHFWeights(folder)
        #expect(hf.prefix == "" && hf.dtypes == [dtype])
        #expect(hf.ignored.sorted() == ["h.0.attn.bias", "h.0.attn.masked_bias", "h.1.attn.bias", "h.1.attn.masked_bias", "lm_head.weight"])
        let reference = try importHFWeights(hfFixtureFolder).model
        // Rounding commutes with the Conv1D transpose, so the full-precision import, rounded,
        // is what the half-precision import must give.
        for e in hf.model.layout.entries {
            let got = Array(UnsafeBufferPointer(start: hf.model.params.pointer + e.offset, count: e.count))
            let full = Array(UnsafeBufferPointer(start: reference.params.pointer + e.offset, count: e.count))
            #expect(got == RawTensor(name: e.name, shape: [e.count], floats: full).narrowed(to: dtype).widened(), "\(e.name)")
        }
    }

    /// Writes, for scripts/check-hf-export.py, an export to $GPTSH_HF_CHECK_DIR/model and, in
    /// $GPTSH_HF_CHECK_DIR/logits.safetensors, a text, the ids gptsh's BPE gives it and the
    /// logits gptsh computes for them. The weights are redrawn large: at GPT-2's initial scale
    /// the blocks barely touch the logits, and a wrong activation or epsilon in config.json
    /// would pass unseen.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GPTSH_HF_CHECK_DIR"] != nil))
    func writesAnExportForTheTransformersCheck() throws {
        let out = URL(fileURLWithPath: ProcessInfo.processInfo.environment["GPTSH_HF_CHECK_DIR"]!)
        let s = try trainedSession(blockSize: 16) { try $0.buildBPETokenizer(vocabSize: 300, splitsIdeographs: false) }
        var rng = RandomGenerator(seed: 11)
        for e in s.model!.layout.entries {
            let base: Float = e.name.contains("ln_") && e.name.hasSuffix(".weight") ? 1 : 0
            for i in 0..<e.count { s.model!.params.pointer[e.offset + i] = base + Float(0.5 * rng.nextGaussian()) }
        }
        try s.exportHF(directory: out.appendingPathComponent("model").path)
        let text = "the lazy dog jumps over the quick brown fox"
        let ids = try s.tokenizer!.encode(text)
        try #require(ids.count <= s.model!.config.blockSize)
        let got = logits(of: s.model!, ids: ids, B: 1, T: ids.count)
        try writeRawTensors([RawTensor(name: "input_ids", dtype: "I32", shape: [1, ids.count], bytes: ids.withUnsafeBytes { Array($0) }),
                             RawTensor(name: "logits", shape: [1, ids.count, s.model!.config.vocabSize], floats: got)],
                            metadata: ["text": text], to: out.appendingPathComponent("logits.safetensors"))
        print("wrote \(out.path)/model and \(out.path)/logits.safetensors")
    }
}
