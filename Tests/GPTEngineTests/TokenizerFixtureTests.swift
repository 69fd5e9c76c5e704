import Foundation
import Testing
@testable import GPTEngine

/// Checks against files made by Hugging Face `tokenizers` (scripts/make_tokenizer_fixture.py).
struct TokenizerFixtureTests {
    struct Expected: Decodable {
        let text: String
        let ids: [Int32]
        let pretokenize: [Case]
    }

    struct Case: Decodable {
        let text: String
        let gpt2: [String]
        let gpt4: [String]
    }

    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/tokenizer"))
    }

    static func expected() throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: Data(contentsOf: fixture("expected.json")))
    }

    static func imported() throws -> BPETokenizer {
        try BPETokenizer(gpt2Directory: fixture("vocab.json").deletingLastPathComponent())
    }

    @Test func importedFilesGiveTheirIds() throws {
        let tokenizer = try Self.imported()
        let expected = try Self.expected()
        #expect(try tokenizer.encode(expected.text) == expected.ids)
        #expect(Array(tokenizer.decode(expected.ids).utf8) == Array(expected.text.utf8))
        #expect(tokenizer.vocabSize == 377)
        #expect(tokenizer.specialTokens == [SpecialToken.endOfText: 0])
        #expect(tokenizer.preTokenizer.name == "gpt2")
    }

    @Test func importedTokenizerSurvivesStateAndExport() throws {
        let tokenizer = try Self.imported()
        let text = try Self.expected().text
        let ids = try tokenizer.encode(text)
        let state = tokenizer.state
        #expect(state.byteIds != nil)
        #expect(state.merges?.first?.count == 3)
        #expect(try BPETokenizer(state: state).encode(text) == ids)
        let (vocab, merges) = try tokenizer.gpt2Files()
        #expect(try BPETokenizer(vocabJSON: Data(vocab.utf8), merges: merges).encode(text) == ids)
        let original = try String(contentsOf: Self.fixture("merges.txt"), encoding: .utf8)
        #expect(merges == original)
    }

    @Test func gpt2ScannerMatchesByteLevelPreTokenizer() throws {
        let scanner = PreTokenizer(pattern: .gpt2, splitsIdeographs: false)
        for c in try Self.expected().pretokenize {
            #expect(scanner.chunks(of: c.text).map { Array($0.utf8) } == c.gpt2.map { Array($0.utf8) }, "\(c.text.debugDescription)")
        }
    }

    @Test func gpt4ScannerMatchesRegex() throws {
        let scanner = PreTokenizer(pattern: .gpt4, splitsIdeographs: false)
        for c in try Self.expected().pretokenize {
            #expect(scanner.chunks(of: c.text).map { Array($0.utf8) } == c.gpt4.map { Array($0.utf8) }, "\(c.text.debugDescription)")
        }
    }
}
