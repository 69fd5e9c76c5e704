import Testing
@testable import GPTEngine

/// decode(encode(s)) gives back s byte for byte, for random Unicode text.
struct TokenizerRoundTripTests {
    static let trainingText: String = {
        var random = RandomText(seed: 5)
        return (0..<200).map { _ in random.next() }.joined(separator: SpecialToken.endOfText)
    }()

    func expectRoundTrips(_ tokenizer: any Tokenizer, seed: UInt64) throws {
        var random = RandomText(seed: seed)
        for n in 0..<200 {
            var text = random.next()
            if n % 7 == 0 { text += SpecialToken.endOfText + random.next(maxParts: 3) }
            let ids = try tokenizer.encode(text)
            #expect(ids.allSatisfy { (0..<Int32(tokenizer.vocabSize)).contains($0) })
            #expect(Array(tokenizer.decode(ids).utf8) == Array(text.utf8), "\(text.debugDescription)")
        }
    }

    @Test func byteTokenizer() throws {
        try expectRoundTrips(ByteTokenizer(), seed: 1)
    }

    @Test(arguments: ["gpt2", "gpt2+cjk", "gpt4", "gpt4+cjk", "none", "none+cjk"])
    func bpe(pattern: String) throws {
        let tokenizer = try BPETrainer(preTokenizer: PreTokenizer(name: pattern)).train(Self.trainingText, vocabSize: 700)
        #expect(tokenizer.merges.count == 444)
        try expectRoundTrips(tokenizer, seed: 2)
    }

    @Test func emojiMixedScriptsAndCRLF() throws {
        let text = "Hi 👋🏽 👩‍💻!\r\n你好，世界。\r\nこんにちは e\u{301} \u{0}\u{1B}[0m"
        let tokenizer = try BPETrainer(preTokenizer: PreTokenizer(name: "gpt2+cjk")).train(text + text, vocabSize: 300)
        #expect(Array(tokenizer.decode(try tokenizer.encode(text)).utf8) == Array(text.utf8))
    }
}
