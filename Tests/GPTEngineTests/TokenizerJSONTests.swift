import Foundation
import Testing
@testable import GPTEngine

/// `export hf`'s tokenizer.json against Hugging Face (scripts/make_tokenizer_json_fixture.py):
/// `tokenizers` and transformers' `AutoTokenizer`, loading the file gptsh wrote, gave the ids
/// recorded there; gptsh must give the same, and must still write that file.
struct TokenizerJSONTests {
    struct Case: Decodable {
        let text: String
        let ids: [Int32]
    }

    static func fixture(_ name: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/tokenizer-json"))
    }

    static func tokenizer(_ variant: String) throws -> BPETokenizer {
        let state = try JSONDecoder().decode(TokenizerState.self, from: Data(contentsOf: fixture("\(variant).state.json")))
        return try #require(try makeTokenizer(from: state) as? BPETokenizer)
    }

    @Test(arguments: ["gpt2-cjk", "gpt4-cjk", "gpt2"])
    func huggingFaceGivesGptshsIds(variant: String) throws {
        let tokenizer = try Self.tokenizer(variant)
        #expect(tokenizer.preTokenizer.name == variant.replacingOccurrences(of: "-", with: "+"))
        let cases = try JSONDecoder().decode([Case].self, from: Data(contentsOf: Self.fixture("\(variant).expected.json")))
        #expect(cases.count == 201)
        var differing: [String] = []
        for c in cases where try tokenizer.encode(c.text) != c.ids { differing.append(c.text) }
        #expect(differing.isEmpty, "\(differing.count) texts encode otherwise, the first: \(differing.first.map { $0.debugDescription } ?? "")")
        // Mixed Chinese and English text is among them, with ideographs the rule cuts apart.
        #expect(cases[0].text.contains("灯塔看守人") && cases[0].text.contains("The keeper's lamp"))
    }

    @Test(arguments: ["gpt2-cjk", "gpt4-cjk", "gpt2"])
    func exportStillWritesTheFileTheLibrariesRead(variant: String) throws {
        let written = try HuggingFaceTokenizerJSON.data(for: try Self.tokenizer(variant))
        let recorded = try Data(contentsOf: Self.fixture("\(variant).tokenizer.json"))
        #expect(written == recorded)
    }

    @Test func theCJKRuleIsolatesIdeographsOnly() throws {
        let regex = try NSRegularExpression(pattern: HuggingFaceTokenizerJSON.ideographClass)
        for (text, isIdeograph) in [("灯", true), ("𠀋", true), ("〆", true), ("〇", false), ("ひ", false), ("a", false), ("，", false)] {
            let range = NSRange(text.startIndex..., in: text)
            #expect((regex.firstMatch(in: text, range: range) != nil) == isIdeograph, "\(text)")
        }
    }
}
