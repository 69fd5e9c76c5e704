import Foundation
import GPTEngine
import Testing
@testable import GPTShell

/// The value column of `score`'s row `name`.
private func row(_ name: String, in out: String) -> String? {
    out.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map { String($0.dropFirst(name.count)).trimmingCharacters(in: .whitespaces) }
}

@Suite struct ScoreCommandTests {
    @Test func scorePrintsLossPerplexityAndBitsPerByte() throws {
        let (h, _) = readyHarness()
        #expect(h.run("score \"the cat sat on the mat\"") == .finished)
        #expect(row("tokens", in: h.out) == "22 (21 predicted)")
        #expect(row("bytes", in: h.out) == "22")
        let loss = try #require(row("loss", in: h.out)?.split(separator: " ").first.flatMap { Double($0) })
        #expect(row("loss", in: h.out)?.hasSuffix(" nats/token") == true)
        let perplexity = try #require(row("perplexity", in: h.out).flatMap(Double.init))
        let bits = try #require(row("bits/byte", in: h.out).flatMap(Double.init))
        #expect(abs(perplexity - exp(loss)) < 0.01 * perplexity)
        #expect(abs(bits - loss * 21 / log(2) / 22) < 1e-3)
        #expect(h.out.split(separator: "\n").count == 5)
    }

    @Test func scoreReadsFilesAndTheCorpusParts() throws {
        let (h, dir) = readyHarness()
        let text = "the dog sat on the log.\n"
        write(text, to: "t.txt", in: dir)
        h.run("score @\(dir.path)/t.txt")
        let fromFile = h.out
        h.clear()
        h.run("score \"the dog sat on the log.\\n\"")
        #expect(h.out == fromFile)
        h.clear()
        #expect(h.run("score val") == .finished)
        #expect(row("tokens", in: h.out) == "18 (17 predicted)")
        h.clear()
        h.run("score \"val\"")
        #expect(row("tokens", in: h.out) == "3 (2 predicted)", "quoted, val is only text")
    }

    @Test func theEndOfTextMarkerCountsAsOneByte() {
        #expect(ScoreResult.byteCount(of: "你<|endoftext|>a<|endoftext|>") == 3 + 1 + 1 + 1)
        #expect(ScoreResult.byteCount(of: "") == 0)
    }

    @Test func scoreErrors() {
        let (h, _) = readyHarness()
        #expect(h.run("score \"the 猫\"") == .failed)
        #expect(h.err == "<command>:1:7: error: the text has a character '猫' (U+732B) at offset 4 that is not in the tokenizer's vocabulary\n")
        h.clear()
        #expect(h.run("score \"a\"") == .failed)
        #expect(h.err == "<command>:1:1: error: the text must be at least two tokens long to score\n")
        let bare = Harness()
        #expect(bare.run("score val") == .failed)
        #expect(bare.err.contains("no model: run `init`"))
    }
}
