import Foundation
import Testing
@testable import GPTEngine

struct BPETokenizerTests {
    static let text = """
        It's a truth universally acknowledged, that a single man in possession of a good fortune,
        must be in want of a wife. 1813年，简·奥斯汀写下了《傲慢与偏见》。她的小说至今仍被广泛阅读。
        """

    static func trained(_ pattern: String = "gpt2+cjk", vocab: Int = 400) throws -> BPETokenizer {
        try BPETrainer(preTokenizer: PreTokenizer(name: pattern)).train(text + "\n" + text, vocabSize: vocab)
    }

    /// The heap-based chunk encoder gives what GPT-2's `bpe()` loop gives.
    @Test(arguments: ["gpt2", "gpt4+cjk", "none"])
    func encodesLikeGPT2sLoop(pattern: String) throws {
        let tokenizer = try Self.trained(pattern)
        var random = RandomText(seed: 9)
        for _ in 0..<100 {
            let s = random.next() + Self.text.prefix(40)
            let expected = tokenizer.preTokenizer.chunks(of: s).flatMap {
                BPEReference.encodeChunk(Array($0.utf8), merges: tokenizer.merges, byteIds: tokenizer.byteIds)
            }
            #expect(try tokenizer.encode(s) == expected)
        }
    }

    @Test func stateRoundTrip() throws {
        let tokenizer = try Self.trained()
        let state = tokenizer.state
        #expect(state.kind == "bpe")
        #expect(state.pattern == "gpt2+cjk")
        #expect(state.byteIds == nil)
        #expect(state.merges?.allSatisfy { $0.count == 2 } == true)
        #expect(state.specials == [SpecialToken.endOfText: Int32(256 + tokenizer.merges.count)])
        let decoded = try JSONDecoder().decode(TokenizerState.self, from: JSONEncoder().encode(state))
        let restored = try BPETokenizer(state: decoded)
        #expect(restored.state == state)
        #expect(try restored.encode(Self.text) == tokenizer.encode(Self.text))
    }

    @Test func gpt2FilesRoundTrip() throws {
        let tokenizer = try Self.trained("gpt2")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bpe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try tokenizer.writeGPT2Files(to: dir)
        let merges = try String(contentsOf: dir.appendingPathComponent("merges.txt"), encoding: .utf8)
        #expect(merges.hasPrefix("#version: 0.2\n"))
        let vocab = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("vocab.json"))) as? [String: Int]
        #expect(vocab?["Ġ"] == 32)
        #expect(vocab?[SpecialToken.endOfText] == tokenizer.vocabSize - 1)
        let loaded = try BPETokenizer(gpt2Directory: dir)
        #expect(loaded.state == tokenizer.state)
        var random = RandomText(seed: 4)
        for _ in 0..<50 {
            let s = random.next() + Self.text
            #expect(try loaded.encode(s) == tokenizer.encode(s))
        }
    }

    @Test func badGPT2FilesSayWhatIsWrong() throws {
        let vocab = Data(#"{"a": 0, "b": 1}"#.utf8)
        #expect(throws: TokenizerError.invalid("merges.txt line 2: 'ab' is not in vocab.json")) {
            try BPETokenizer(vocabJSON: vocab, merges: "#version: 0.2\na b\n")
        }
        #expect(throws: TokenizerError.invalid("merges.txt line 1: expected two tokens separated by a space, got 'a b c'")) {
            try BPETokenizer(vocabJSON: vocab, merges: "a b c\n")
        }
    }

    /// A vocabulary without every byte cannot encode every text, and says which character.
    @Test func missingBytesAreUnknownCharacters() throws {
        let tokenizer = try BPETokenizer(vocabJSON: Data(#"{"a": 0, "b": 1, "ab": 2, "<s>": 3}"#.utf8), merges: "a b\n")
        #expect(try tokenizer.encode("abba<s>") == [2, 1, 0, 3])
        #expect(throws: TokenizerError.unknownCharacter("c", offset: 6)) { try tokenizer.encode("ab<s>ac") }
    }

    @Test func specialTokensEncodeAsOneId() throws {
        let tokenizer = try Self.trained()
        let eot = Int32(256 + tokenizer.merges.count)
        #expect(tokenizer.vocabSize == Int(eot) + 1)
        let ids = try tokenizer.encode("must<|endoftext|><|endoftext|>be<|endoftext")
        #expect(ids.filter { $0 == eot }.count == 2)
        #expect(tokenizer.decode(ids) == "must<|endoftext|><|endoftext|>be<|endoftext")
    }

    @Test func invalidStatesAreRejected() {
        #expect(throws: TokenizerError.invalid("merge 0 joins ids 300 and 1, not both defined before it")) {
            try BPETokenizer(state: TokenizerState(kind: "bpe", merges: [[300, 1]], pattern: "gpt2"))
        }
        #expect(throws: TokenizerError.invalid("special token <|endoftext|> reuses id 256")) {
            try BPETokenizer(state: TokenizerState(kind: "bpe", merges: [[1, 2]], pattern: "gpt2", specials: [SpecialToken.endOfText: 256]))
        }
    }

    @Test func piecesShowWholeCharactersAndPartialBytes() throws {
        let byte = ByteTokenizer()
        #expect(try byte.pieces(of: "a你\n").map(\.text) == ["a", "<e4>", "<bd>", "<a0>", "\\n"])
        let bpe = try Self.trained()
        #expect(try bpe.pieces(of: "她的").map(\.text) == ["她", "的"])
        #expect(try bpe.pieces(of: "<|endoftext|>").map(\.id) == [Int32(bpe.vocabSize - 1)])
    }

    @Test func summaryShowsSizePatternAndMerges() throws {
        let tokenizer = try Self.trained(vocab: 300)
        #expect(tokenizer.summary == "bpe, 301 tokens: 256 bytes, 44 merges, 1 special (<|endoftext|>); pre-split gpt2+cjk")
        #expect(tokenizer.details.count == 2)
        #expect(tokenizer.details[0].hasPrefix("first merges: \"") == true)
        #expect(tokenizer.details[1].hasPrefix("last merges: \"") == true)
    }
}
