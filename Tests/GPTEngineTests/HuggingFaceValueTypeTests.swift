import Foundation
import Testing
@testable import GPTEngine

/// Values of the wrong JSON type in a Hugging Face folder: JSONSerialization reads `true` as 1
/// and JSONDecoder's errors are debug descriptions, so each is checked and worded here.
extension HuggingFaceBadInputTests {
    @Test func aCountWrittenAsAStringOrABoolean() throws {
        try expectRefused({ try editConfig(in: $0) { $0["n_embd"] = "32" } },
                          naming: "config.json", saying: "n_embd is the string \"32\", not a whole number (write 32 without quotes)")
        try expectRefused({ try editConfig(in: $0) { $0["n_layer"] = true } },
                          naming: "config.json", saying: "n_layer is true, not a whole number")
        try expectRefused({ try editConfig(in: $0) { $0["scale_attn_weights"] = 1 } },
                          naming: "config.json", saying: "scale_attn_weights is 1, not true or false")
    }

    @Test func vocabularyIdsThatAreNotIds() throws {
        func vocab(_ text: String) -> (URL) throws -> Void {
            { folder in
                try? FileManager.default.removeItem(at: folder.appendingPathComponent("gptsh_tokenizer.json"))
                try text.write(to: folder.appendingPathComponent("vocab.json"), atomically: true, encoding: .utf8)
            }
        }
        for (text, phrase) in [(#"{"a": "64"}"#, "vocab.json gives token 'a' the id the string \"64\"; ids are whole numbers from 0 to 2147483647"),
                               (#"{"a": 1.5}"#, "vocab.json gives token 'a' the id 1.5"),
                               (#"{"a": -1}"#, "vocab.json gives token 'a' the id -1"),
                               (#"{"a": 99999999999}"#, "vocab.json gives token 'a' the id 99999999999"),
                               (#"["a"]"#, "vocab.json holds an array, not an object mapping each token to its id"),
                               (#"{"a": "#, "vocab.json is not valid JSON")] {
            try expectRefused(vocab(text), naming: "", saying: phrase)
        }
    }
}

/// Found by `scripts/fuzz hf-tokenizer`: a 39-byte vocab.json naming id 240,000,000 took 10 s
/// and 1.9 GB before anything was refused.
@Suite struct SparseVocabularyTests {
    @Test func idsWithGapsAreRefusedBeforeSizingTheVocabulary() throws {
        let vocab = Data(#"{"nd":245,"Ĺ":24E7,"ag":279}"#.utf8)
        #expect(throws: TokenizerError.invalid("the ids run to 240000000 but only 3 tokens are defined: ids must number the tokens from 0 with no gaps (id 0 is missing)")) {
            try BPETokenizer(vocabJSON: vocab, merges: "#version2")
        }
    }

    @Test func aCheckpointsTokenizerWithAGapIsRefused() throws {
        let state = TokenizerState(kind: "bpe", merges: [], pattern: "gpt2", specials: ["<|endoftext|>": 300])
        #expect(throws: TokenizerError.invalid("the ids run to 300 but only 257 tokens are defined: ids must number the tokens from 0 with no gaps (id 256 is missing)")) {
            try makeTokenizer(from: state)
        }
    }
}
