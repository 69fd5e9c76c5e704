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
