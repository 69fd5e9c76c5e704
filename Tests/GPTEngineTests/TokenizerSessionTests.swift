import Foundation
import Testing
@testable import GPTEngine

struct TokenizerSessionTests {
    /// The user's example from the tokenizer issue.
    static let sentences = "你好，欢迎来到自然语言处理的世界！\n自然语言处理是计算机科学和人工智能领域的重要分支。\n"

    func session(with text: String) throws -> Session {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let session = Session()
        try session.loadCorpus(path: url.path, valFraction: 0)
        return session
    }

    @Test func chineseSentencesTrainIntoWholeCharacters() throws {
        let session = try session(with: Self.sentences)
        let tokenizer = try session.buildBPETokenizer(vocabSize: 512)
        let characters = Set(Self.sentences.filter { !$0.isNewline })
        // Every distinct character became one token, and nothing more was there to merge.
        #expect(tokenizer.merges.count < 256)
        for c in characters { #expect(try tokenizer.encode(String(c)).count == 1, "\(c)") }
        #expect(try tokenizer.pieces(of: "你好").map(\.text) == ["你", "好"])
        let ids = try tokenizer.encode(Self.sentences)
        #expect(ids.count == Self.sentences.count)
        #expect(tokenizer.decode(ids) == Self.sentences)
        let (_, tokens) = try session.useTokenizer(tokenizer)
        #expect(tokens == ids.count)
    }

    @Test func everyKindRebuildsFromItsState() throws {
        let session = try session(with: "To be, or not to be: that is the question.\n生存还是毁灭，这是一个问题。\n")
        let text = "To be: 还是 not."
        let tokenizers: [any Tokenizer] = [
            try session.buildCharTokenizer(), session.buildByteTokenizer(),
            try session.buildBPETokenizer(vocabSize: 300, pattern: "gpt4", splitsIdeographs: false),
        ]
        for tokenizer in tokenizers {
            let state = try JSONDecoder().decode(TokenizerState.self, from: JSONEncoder().encode(tokenizer.state))
            let rebuilt = try makeTokenizer(from: state)
            #expect(rebuilt.kind == tokenizer.kind)
            #expect(rebuilt.state == tokenizer.state)
            #expect(try rebuilt.encode(text) == tokenizer.encode(text))
        }
        #expect(throws: TokenizerError.invalid("unknown tokenizer kind 'word': expected char, byte, bpe or words")) {
            try makeTokenizer(from: TokenizerState(kind: "word"))
        }
    }

    @Test func buildingBPEChecksItsArguments() throws {
        let session = Session()
        #expect(throws: EngineError.missing(.corpus)) {
            try session.buildBPETokenizer(vocabSize: 300)
        }
        let loaded = try self.session(with: "abc")
        #expect(throws: EngineError.invalidArgument("unknown pattern 'gpt5': expected one of gpt2, gpt4, none")) {
            try loaded.buildBPETokenizer(vocabSize: 300, pattern: "gpt5")
        }
        #expect(throws: EngineError.invalidArgument("vocab must be at least 256 (the bytes), got 10")) {
            try loaded.buildBPETokenizer(vocabSize: 10)
        }
    }
}
