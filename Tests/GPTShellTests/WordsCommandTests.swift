import Foundation
import Testing
import GPTEngine
@testable import GPTShell

/// `tokenizer words`, `encode`'s segmentation, `init vectors=` and the seed's example script.
@Suite struct WordsCommandTests {
    static let vectors = packageRoot.appendingPathComponent("scripts/data/seed-vectors.txt").path
    static let corpus = packageRoot.appendingPathComponent("scripts/data/hello-zh-ten.txt").path

    /// The seed's example, replayed from scripts/seed-words.gpt as a user would run it.
    @Test func theSeedsExampleEndToEnd() throws {
        let h = Harness(quiet: true)
        let script = packageRoot.appendingPathComponent("scripts/seed-words.gpt").path
        #expect(try h.shell.runScript(at: script) == .finished, "\(h.err)")
        #expect(h.out.contains("\n你好 | ， | 欢迎 | 来到 | 自然 | 语言 | 处理 | 的 | 世界 | ！\n"), "\(h.out)")
        // Greedy sampling from 你好 gives the first sentence back, then the attention maps follow.
        #expect(h.out.contains("\n你好，欢迎来到自然语言处理的世界！\nlayer 1, head 0: "), "\(h.out)")
        #expect(h.out.contains("\nL0 H0 ") && h.out.contains(" L1 H1\n"))
    }

    @Test func tokenizerWordsReportsItsDictionaryAndEncodeShowsTheCuts() {
        let h = Harness()
        #expect(h.run("load corpus \(Self.corpus); tokenizer words vectors=\(Self.vectors)") == .finished, "\(h.err)")
        #expect(h.out.contains("dictionary: 13 of the 163 words of \(Self.vectors) (word2vec text, 16 dimensions) occur in the training text\n"))
        #expect(h.out.contains("words tokenizer: 305 tokens in the vocabulary; corpus encoded as 250 tokens (225 train, 25 val)\n"))
        h.clear()
        #expect(h.run("encode \"自然语言处理是计算机科学\"") == .finished)
        #expect(h.out.hasPrefix("6 tokens for 12 characters (36 bytes)\n自然 | 语言 | 处理 | 是 | 计算机 | 科学\n"), "\(h.out)")
        h.clear()
        #expect(h.run("show tokenizer") == .finished)
        #expect(h.out.contains("summary     words, 305 tokens: 256 bytes, 13 words, 35 single characters and <|endoftext|>\n"), "\(h.out)")
    }

    @Test func aBadVectorFileIsAnErrorAtItsLineAndLeavesTheTokenizer() {
        let dir = temporaryDirectory()
        let bad = write("2 3\n你好 0.1 0.2 0.3\n欢迎 0.1 0.2\n", to: "bad.vec", in: dir)
        let h = Harness()
        h.run("load corpus \(Self.corpus); tokenizer char")
        h.clear()
        #expect(h.run("tokenizer words vectors=\(bad)") == .failed)
        #expect(h.err == "<command>:1:25: error: \(bad):3:1: 2 values after the word, but the file's vectors have 3 (from the header)\n")
        #expect(h.session.tokenizer?.kind == "char")
        h.clear()
        #expect(h.run("tokenizer words; \(tinySettings); init seed=1") == .finished)
        let model = h.session.model
        #expect(h.run("init vectors=\(bad)") == .failed)
        #expect(h.err.contains(":3:1: 2 values after the word"))
        #expect(h.session.model === model, "a failed init keeps the model")
    }

    @Test func initVectorsSaysWhatItCovered() {
        let h = Harness()
        h.run("load corpus \(Self.corpus); tokenizer words vectors=\(Self.vectors); \(tinySettings)")
        h.clear()
        #expect(h.run("init seed=1 vectors=\(Self.vectors)") == .finished, "\(h.err)")
        let lines = h.out.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("vectors: 16 of 304 tokens start from the 163 word2vec text vectors "
            + "(16 dimensions projected to 8 by a fixed random matrix; scaled by "), "\(h.out)")
        #expect(lines[2].hasPrefix("covered: "))
    }
}
