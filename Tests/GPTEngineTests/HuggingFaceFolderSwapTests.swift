import Foundation
import Testing
@testable import GPTEngine

/// `export hf` replaces the folder as a whole, so a failed export leaves the older one loading.
@Suite struct HuggingFaceFolderSwapTests {
    private func session(corpus: String, seed: Int, tokenizer: (Session) throws -> any Tokenizer) throws -> Session {
        let s = Session()
        try s.loadCorpus(path: corpus, valFraction: 0.2)
        try s.useTokenizer(try tokenizer(s))
        try s.set([("n_layer", 1), ("n_head", 2), ("n_embd", 8), ("block_size", 8), ("batch_size", 2), ("threads", 1)])
        try s.initModel(seed: seed)
        return s
    }

    private func loaded(_ folder: URL) throws -> Session {
        let t = Session()
        try t.loadHF(directory: folder.path)
        return t
    }

    @Test func aFailedExportLeavesTheOlderOneWholeAndASuccessfulOneReplacesIt() throws {
        let parent = try temporaryFolder("hf-swap")
        let corpus = parent.appendingPathComponent("corpus.txt").path
        try String(repeating: "the quick brown fox jumps over the lazy dog; ", count: 20).write(toFile: corpus, atomically: true, encoding: .utf8)
        let old = try session(corpus: corpus, seed: 1) { try $0.buildCharTokenizer() }
        let new = try session(corpus: corpus, seed: 2) { try $0.buildBPETokenizer(vocabSize: 270) }
        let folder = parent.appendingPathComponent("model")
        try old.exportHF(directory: folder.path)
        try "mine".write(to: folder.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)

        #expect(throws: EngineError.io("disk full")) {
            try HuggingFaceExport.write(model: new.model!, tokenizer: new.tokenizer!, to: folder,
                                        beforeWeights: { throw EngineError.io("disk full") })
        }
        let afterFailure = try loaded(folder)
        #expect(afterFailure.tokenizer?.kind == "char")
        #expect(afterFailure.model!.params.array == old.model!.params.array)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == ["corpus.txt", "model"])

        try new.exportHF(directory: folder.path)
        let afterSuccess = try loaded(folder)
        #expect(afterSuccess.tokenizer?.kind == "bpe")
        #expect(afterSuccess.model!.params.array == new.model!.params.array)
        #expect(try String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8) == "mine")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == ["corpus.txt", "model"])

        // Back to a char export: the BPE's GPT-2 files belonged to the export they came with.
        try old.exportHF(directory: folder.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            == ["README.md", "config.json", "gptsh_tokenizer.json", "model.safetensors"])
        #expect(try loaded(folder).model!.params.array == old.model!.params.array)
    }

    @Test func aFileWhereTheFolderShouldBeIsRefusedAndKept() throws {
        let parent = try temporaryFolder("hf-swap-file")
        let path = parent.appendingPathComponent("model").path
        try "not a folder".write(toFile: path, atomically: true, encoding: .utf8)
        let corpus = parent.appendingPathComponent("corpus.txt").path
        try String(repeating: "abcabd ", count: 20).write(toFile: corpus, atomically: true, encoding: .utf8)
        let s = try session(corpus: corpus, seed: 1) { try $0.buildCharTokenizer() }
        #expect(throws: EngineError.self) { try s.exportHF(directory: path) }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not a folder")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == ["corpus.txt", "model"])
    }
}
