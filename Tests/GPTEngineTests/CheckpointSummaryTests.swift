import Foundation
import Testing
@testable import GPTEngine

@Suite(.serialized) struct CheckpointSummaryTests {
    func trainedSession(in folder: URL) throws -> Session {
        let corpus = folder.appendingPathComponent("corpus.txt").path
        try String(repeating: "to be or not to be, that is the question. ", count: 30).write(toFile: corpus, atomically: true, encoding: .utf8)
        let s = Session()
        try s.loadCorpus(path: corpus, valFraction: 0.2)
        try s.useTokenizer(try s.buildCharTokenizer())
        try s.set([("n_layer", 1), ("n_head", 2), ("n_embd", 8), ("block_size", 8), ("batch_size", 2),
                   ("threads", 1), ("log_interval", 1), ("eval_interval", 2), ("eval_iters", 1)])
        try s.initModel(seed: 3)
        try s.train(steps: 2)
        return s
    }

    func line(_ lines: [String], _ key: String) -> String {
        lines.first { $0.hasPrefix(key + ": ") } ?? "(no \(key) line in \(lines))"
    }

    @Test func fullAndWeightsOnlyCheckpoints() throws {
        let folder = try temporaryFolder("summary")
        let s = try trainedSession(in: folder)
        let full = folder.appendingPathComponent("full.safetensors").path
        try s.save(path: full)
        let lines = try describeCheckpoint(path: full).lines
        #expect(line(lines, "format") == "format: gptsh checkpoint, version 1")
        #expect(line(lines, "model") == "model: n_layer 1, n_head 2, n_embd 8, block_size 8, vocab_size \(s.tokenizer!.vocabSize), \(s.model!.parameterCount) parameters")
        #expect(line(lines, "tokenizer") == "tokenizer: \(s.tokenizer!.summary)")
        #expect(line(lines, "training").hasPrefix("training: step 2, AdamW step 2; optimizer state present"))
        #expect(line(lines, "tensors").hasPrefix("tensors: \(s.model!.layout.entries.count) parameter + \(2 * s.model!.layout.entries.count) optimizer"))
        #expect(line(lines, "corpus").contains("corpus.txt, 1260 characters"))
        #expect(line(lines, "metrics").hasPrefix("metrics: 2 logged steps"))
        #expect(line(lines, "hyperparameters").contains("batch_size 2"))

        let weights = folder.appendingPathComponent("weights.safetensors").path
        try s.save(path: weights, weightsOnly: true)
        let w = try describeCheckpoint(path: weights).lines
        #expect(line(w, "training").hasPrefix("training: weights only"))
        #expect(line(w, "tensors").hasPrefix("tensors: \(s.model!.layout.entries.count) parameter + 0 optimizer"))
    }

    @Test func huggingFaceFolderAndFile() throws {
        let folder = try describeCheckpoint(path: hfFixtureFolder.path)
        #expect(folder.importable == .huggingFaceFolder)
        let lines = folder.lines
        #expect(line(lines, "format").hasPrefix("format: Hugging Face GPT-2"))
        #expect(line(lines, "model") == "model: n_layer 2, n_head 2, n_embd 16, block_size 16, vocab_size 280, \(ParameterLayout(config: GPTConfig(vocabSize: 280, blockSize: 16, nLayer: 2, nHead: 2, nEmbd: 16)).count) parameters")
        #expect(line(lines, "weights").hasSuffix("of F32, names under 'transformer.'"))
        #expect(line(lines, "tokenizer") == "tokenizer: vocab.json, merges.txt")
        let weights = try describeCheckpoint(path: hfFixtureFolder.appendingPathComponent("model.safetensors").path)
        #expect(weights.importable == .huggingFaceWeights)
        let file = weights.lines
        #expect(line(file, "format") == "format: safetensors, not a gptsh checkpoint; metadata format=pt")
        #expect(file.last!.hasPrefix("looks like a Hugging Face GPT-2 model.safetensors"))
    }

    @Test func unreadablePaths() throws {
        #expect(throws: EngineError.self) { try describeCheckpoint(path: "/nonexistent/x.safetensors") }
        let folder = try temporaryFolder("summary-empty")
        #expect(throws: EngineError.io("'\(folder.path)' holds no config.json: not a Hugging Face model folder")) {
            try describeCheckpoint(path: folder.path)
        }
    }
}
