import Foundation
import Testing
@testable import GPTEngine

/// The word tokenizer: splitting, maximum matching against the reference in the gensim/jieba
/// fixture (scripts/make_word_vectors.py), fallbacks, and rebuilding from its state.
struct WordTokenizerTests {
    struct Expected: Decodable {
        struct Case: Decodable {
            let text: String
            let segments: [String]
        }
        let words: Int
        let dimension: Int
        let jieba: [[String]]
        let maximum_matching: [Case]
        let vectors: [String: [Float]]
    }

    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/wordvectors"))
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixture("expected.json")))
    }

    /// The word2vec text file seed-words.gpt uses; the fixtures hold the same vectors in the other formats.
    static let seedVectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/data/seed-vectors.txt").path

    static func session(_ text: String, val: Double = 0) throws -> Session {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("corpus-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let session = Session()
        try session.loadCorpus(path: url.path, valFraction: val)
        return session
    }

    static let seedSentences = String(repeating: TokenizerSessionTests.sentences, count: 3)

    @Test func segmentationIsForwardMaximumMatchingOverTheFilesWords() throws {
        let expected = try Self.expected()
        let session = try Self.session(Self.seedSentences + "人工智能的世界是自然的语言\n")
        let (tokenizer, report) = try session.buildWordTokenizer(vectorsPath: Self.seedVectors)
        #expect(report.file == WordVectorFileSummary(format: .word2vecText, dimension: expected.dimension, words: expected.words))
        for c in expected.maximum_matching {
            let ideographs = try tokenizer.pieces(of: c.text).map(\.text).filter { $0.unicodeScalars.allSatisfy { $0.properties.isIdeographic } }
            #expect(ideographs == c.segments, "\(c.text)")
        }
        // jieba, with the seed's words, cuts the sentences the same way.
        let sentences = Self.seedSentences.split(separator: "\n").prefix(2)
        for (sentence, words) in zip(sentences, expected.jieba) {
            let pieces = try tokenizer.pieces(of: String(sentence)).map(\.text).filter { $0.unicodeScalars.first!.properties.isIdeographic }
            #expect(pieces == words)
        }
    }

    @Test func everyTextDecodesBackByteForByte() throws {
        let session = try Self.session("The keeper's lamp,  the keeper's   light.\n灯塔看守人。灯塔看守人。<|endoftext|>\tok\n")
        let (tokenizer, _) = try session.buildWordTokenizer(minCount: 1)
        for text in ["The keeper's lamp", "  leading and trailing  ", "灯塔看守人说：“明天有雨。”", "unseen 龍 and 😀 and é\u{301}",
                     "tabs\tand\r\nnewlines\n\n", "<|endoftext|>灯塔<|endoftext|>", ""] {
            let ids = try tokenizer.encode(text)
            #expect(Array(tokenizer.decode(ids).utf8) == Array(text.utf8), "\(text)")
            #expect(ids.allSatisfy { (0..<Int32(tokenizer.vocabSize)).contains($0) })
        }
        #expect(try tokenizer.pieces(of: "The keeper").map(\.text) == ["The", " keeper"])
        #expect(!tokenizer.words.contains("endoftext"), "special tokens are not read for words")
        // A character the vocabulary lacks becomes its UTF-8 bytes.
        #expect(try tokenizer.encode("龍") == Array("龍".utf8).map { Int32($0) })
        #expect(try tokenizer.encode("<|endoftext|>") == [tokenizer.specials[SpecialToken.endOfText]!])
    }

    @Test func rareWordsFallBackToCharactersThenBytes() throws {
        let text = String(repeating: "the lamp burns. 灯塔亮了。", count: 3) + "a lantern 灯笼\n"
        let session = try Self.session(text)
        let (tokenizer, _) = try session.buildWordTokenizer(minCount: 2)
        #expect(tokenizer.words.contains(" lamp"))
        #expect(!tokenizer.words.contains(" lantern"), "once is below min_count=2")
        #expect(try tokenizer.pieces(of: " lantern").map(\.text) == [" ", "l", "a", "n", "t", "e", "r", "n"])
        // 灯 is frequent, 笼 occurs once: a character, then bytes.
        #expect(try tokenizer.pieces(of: "笼").map(\.text) == ["<e7>", "<ac>", "<bc>"])
        #expect(try tokenizer.pieces(of: "灯").map(\.text) == ["灯"])
    }

    @Test func withoutAFileFrequentCohesiveRunsBecomeWords() throws {
        // 灯塔 always together; 看 and 海 as often, but each time next to other characters,
        // drawn from 500 that each occur once or twice.
        var rng = RandomGenerator(seed: 5)
        func filler() -> String {
            String(String.UnicodeScalarView((0..<30).map { _ in Unicode.Scalar(0x4E10 + UInt32(rng.next() % 500))! }))
        }
        var text = ""
        for _ in 0..<12 { text += "灯塔" + filler() + "看" + filler() + "海。" }
        let session = try Self.session(text)
        let (tokenizer, report) = try session.buildWordTokenizer(minCount: 3)
        #expect(report.file == nil)
        #expect(tokenizer.words.contains("灯塔"))
        #expect(!tokenizer.words.contains { $0.unicodeScalars.count > 1 && $0.contains("看") })
        #expect(try tokenizer.pieces(of: "灯塔看海").map(\.text) == ["灯塔", "看", "海"])
    }

    @Test func rebuildsFromItsStateAndThroughACheckpoint() throws {
        let session = try Self.session(Self.seedSentences + "The keeper lit the lamp.\n", val: 0.2)
        let (tokenizer, _) = try session.buildWordTokenizer(vectorsPath: Self.seedVectors)
        let rebuilt = try makeTokenizer(from: tokenizer.state)
        let text = "你好，自然语言处理的 keeper 灯"
        #expect(rebuilt.kind == "words")
        #expect(try rebuilt.encode(text) == tokenizer.encode(text))
        #expect(rebuilt.vocabSize == tokenizer.vocabSize)
        try session.useTokenizer(tokenizer)
        try session.set([("n_layer", 1), ("n_head", 2), ("n_embd", 8), ("block_size", 8), ("batch_size", 2)])
        try session.initModel(seed: 1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("words-\(UUID().uuidString).ckpt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try session.save(path: path)
        let loaded = Session()
        try loaded.load(path: path)
        #expect(loaded.tokenizer?.state == tokenizer.state)
        #expect(try loaded.tokenizer!.encode(text) == tokenizer.encode(text))
    }

    @Test func badStatesAreRefused() {
        #expect(throws: TokenizerError.self) { try WordTokenizer(words: ["a"], specials: [:]) }
        #expect(throws: TokenizerError.self) { try WordTokenizer(words: ["灯塔", "灯塔"], specials: [:]) }
        #expect(throws: TokenizerError.self) { try WordTokenizer(words: ["灯塔"], specials: ["<|endoftext|>": 256]) }
        #expect(throws: TokenizerError.self) { try WordTokenizer(words: [""], specials: [:]) }
    }
}
