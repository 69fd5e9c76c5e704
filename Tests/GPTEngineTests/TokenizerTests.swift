import Foundation
import Testing
@testable import GPTEngine

struct TokenizerTests {
    @Test func byteTokenizerCoversEveryByteAndEndOfText() throws {
        let tokenizer = ByteTokenizer()
        #expect(tokenizer.vocabSize == 257)
        #expect(try tokenizer.encode("a\u{0}é<|endoftext|>") == [97, 0, 0xC3, 0xA9, 256])
        #expect(tokenizer.bytes(of: 256) == Array(SpecialToken.endOfText.utf8))
        #expect(try ByteTokenizer(state: tokenizer.state).specialTokens == tokenizer.specialTokens)
        #expect(tokenizer.summary == "byte, 257 tokens: 256 bytes and <|endoftext|>")
    }

    @Test func charTokenizerNamesTheUnknownCharacter() throws {
        let tokenizer = CharTokenizer(corpus: "hello")
        #expect(throws: TokenizerError.unknownCharacter("x", offset: 2)) { try tokenizer.encode("hex") }
        do {
            _ = try tokenizer.encode("he👍🏽")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "character '👍🏽' (U+1F44D U+1F3FD) at offset 2 is not in the tokenizer's vocabulary")
        }
    }

    /// Sampling prints as it goes: a character split across tokens waits until complete.
    @Test func streamingDecoderHoldsBackSplitCharacters() {
        var decoder = StreamingDecoder()
        var out: [String] = []
        for b in Array("a你😀".utf8) { out.append(decoder.push([b])) }
        #expect(out == ["a", "", "", "你", "", "", "", "😀"])
        #expect(decoder.finish() == "")
        #expect(decoder.push([0xE4, 0xBD]) == "")
        #expect(decoder.finish() == "\u{FFFD}")
        #expect(decoder.push([0xFF, 0x41]) == "\u{FFFD}A")
    }

    @Test func streamingDecoderWithBPETokensThatSplitCharacters() throws {
        let tokenizer = try BPETokenizer(mergedPairs: [(0xE4, 0xBD)], preTokenizer: PreTokenizer(name: "gpt2+cjk"))
        let ids = try tokenizer.encode("你好")
        #expect(ids.count > 2)
        var decoder = StreamingDecoder()
        let text = ids.map { decoder.push(tokenizer.bytes(of: $0)) }.joined() + decoder.finish()
        #expect(text == "你好")
    }

    @Test func documentsSplitBySeparatorLinesOrBlankLines() {
        let fortunes = "first\nfortune\n%\n\n%\nsecond\n  %  \r\nthird"
        #expect(Documents.split(fortunes, by: .line("%")) == ["first\nfortune\n", "second\n", "third"])
        #expect(Documents.joined(fortunes, by: .line("%")) == "first\nfortune\n<|endoftext|>second\n<|endoftext|>third<|endoftext|>")
        let poems = "one\ntwo\n\n\n \nthree\n\n"
        #expect(Documents.split(poems, by: .blankLines) == ["one\ntwo\n", "three\n"])
        #expect(Documents.joined(poems, by: .blankLines) == "one\ntwo\n<|endoftext|>three\n<|endoftext|>")
    }
}
