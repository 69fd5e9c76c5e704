import Testing
@testable import GPTEngine

struct BPETrainerTests {
    func train(_ text: String, _ vocabSize: Int, _ pattern: String = "gpt2+cjk") throws -> [[Int32]] {
        try BPETrainer(preTokenizer: PreTokenizer(name: pattern)).train(text, vocabSize: vocabSize).merges.map { [$0.left, $0.right] }
    }

    @Test func tiesGoToTheLowestPair() throws {
        // aa 4 times; then (256, 97) and (97, 98) both twice: the lower pair (97, 98) wins.
        #expect(try train("aaabdaaabac", 260, "none") == [[97, 97], [97, 98], [256, 257], [97, 99]])
    }

    /// The incremental trainer learns exactly what recounting everything before each merge
    /// learns; the reference picks with an explicit order, so neither depends on hash order.
    @Test(arguments: ["gpt2", "gpt4+cjk", "none"])
    func matchesTheNaiveTrainer(pattern: String) throws {
        var random = RandomText(seed: 3)
        for _ in 0..<4 {
            let text = (0..<30).map { _ in random.next() }.joined(separator: " ")
            let p = try PreTokenizer(name: pattern)
            let fast = try train(text, 256 + 120, pattern)
            let slow = BPEReference.train(text, merges: 120, preTokenizer: p).map { [$0.0, $0.1] }
            #expect(fast == slow)
        }
    }

    @Test func sameMergesEveryRun() throws {
        let text = String(repeating: "the cat sat on the mat; 猫坐在垫子上。 ", count: 50) + "that's all"
        let first = try train(text, 400)
        for _ in 0..<3 { #expect(try train(text, 400) == first) }
    }

    @Test func stopsWhenNoPairIsLeft() throws {
        let tokenizer = try BPETrainer(preTokenizer: PreTokenizer(name: "gpt2")).train("abab", vocabSize: 1000)
        #expect(tokenizer.merges.count == 2)
        #expect(tokenizer.vocabSize == 259)
        #expect(try tokenizer.encode("abab") == [257])
    }

    @Test func reportsProgressUpToTheTotal() throws {
        var reports: [(Int, Int)] = []
        _ = try BPETrainer(preTokenizer: PreTokenizer(name: "gpt2")).train(String(repeating: "hello world ", count: 20) + "xyzzy plugh",
                                                                           vocabSize: 266) { reports.append(($0, $1)) }
        #expect(reports.last! == (10, 10))
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.0 < $1.0 })
    }

    @Test func neverLearnsFromSpecialTokens() throws {
        let text = String(repeating: "hi there" + SpecialToken.endOfText, count: 30)
        let tokenizer = try BPETrainer(preTokenizer: PreTokenizer(name: "gpt2")).train(text, vocabSize: 300)
        let eot = try #require(tokenizer.specialTokens[SpecialToken.endOfText])
        #expect(eot == Int32(256 + tokenizer.merges.count))
        #expect(tokenizer.merges.count == 6)
        let ids = try tokenizer.encode("hi there" + SpecialToken.endOfText)
        #expect(ids.map { tokenizer.piece($0) } == ["hi", " there", SpecialToken.endOfText])
        #expect(ids.last == eot)
    }

    @Test func rejectsVocabularySmallerThanTheBytes() {
        #expect(throws: TokenizerError.invalid("a byte-level BPE vocabulary has at least the 256 bytes; got 100")) {
            try BPETrainer(preTokenizer: PreTokenizer(pattern: .gpt2, splitsIdeographs: false)).train("abc", vocabSize: 100)
        }
    }
}
