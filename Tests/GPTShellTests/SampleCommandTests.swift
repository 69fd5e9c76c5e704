import Foundation
import GPTEngine
import Testing
@testable import GPTShell

/// What `sample` printed after its prompt, without the final newline.
private func continuation(_ out: String, after prompt: String) -> String {
    String(out.dropFirst(prompt.count).dropLast())
}

/// `text` as a double-quoted gptsh string.
private func quoted(_ text: String) -> String {
    "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        .replacingOccurrences(of: "\n", with: "\\n") + "\""
}

@Suite struct SampleCommandTests {
    @Test func countDrawsSamplesWithConsecutiveSeeds() {
        let (h, _) = readyHarness()
        #expect(h.run("sample 12 prompt=\"the \" seed=3 count=3") == .finished)
        let samples = h.out.components(separatedBy: "---\n")
        #expect(samples.count == 3)
        for (i, sample) in samples.enumerated() {
            h.clear()
            h.run("sample 12 prompt=\"the \" seed=\(3 + i)")
            #expect(h.out == sample)
        }
    }

    @Test func aStopStringEndsTheSampleUnprinted() {
        let (h, _) = readyHarness()
        h.run("sample 30 prompt=\"the \" temperature=0")
        let free = continuation(h.out, after: "the ")
        let stop = String(free.dropFirst(4).prefix(1))
        let other = String(free.dropFirst(2).prefix(1))
        h.clear()
        #expect(h.run("sample 30 prompt=\"the \" temperature=0 stop=\(quoted(stop))") == .finished)
        #expect(h.out == "the " + free[..<free.range(of: stop)!.lowerBound] + "\n")
        h.clear()
        h.run("sample 30 prompt=\"the \" temperature=0 stop=\(quoted(stop)) stop=\(quoted(other))")
        let first = [stop, other].map { free.range(of: $0)!.lowerBound }.min()!
        #expect(h.out == "the " + free[..<first] + "\n", "the earliest of several stops wins")
        #expect(h.err.isEmpty)
    }

    @Test func stopEotNeedsATokenizerWithIt() {
        let (h, _) = readyHarness()
        let line = "sample 5 stop=eot"
        #expect(h.run(line) == .failed)
        #expect(h.err == "<command>:1:15: error: stop=eot needs a tokenizer with <|endoftext|>; the char tokenizer has none "
            + "(use `tokenizer byte` or `tokenizer bpe vocab=N`)\n")
        h.clear()
        #expect(h.run("sample 5 stop=\"eot\" seed=1") == .finished, "quoted, eot is only text")
    }

    @Test func stopEotEndsAtTheEndOfADocument() {
        let dir = temporaryDirectory()
        let docs = String(repeating: "ab\n%\n", count: 40)
        let h = Harness()
        h.run("load corpus \(write(docs, to: "d.txt", in: dir)) sep=\"%\"; tokenizer byte; \(tinySettings); set lr=1e-2; init seed=1; train 150")
        h.clear()
        #expect(h.run("sample 40 prompt=\"ab\" temperature=0 stop=eot") == .finished)
        #expect(h.out == "ab\n")
    }

    @Test func topPIsCheckedAndReproducible() {
        let (h, _) = readyHarness()
        let zero = "sample 5 top_p=0"
        #expect(h.run(zero) == .failed)
        #expect(h.err == "<command>:1:16: error: top_p must be above 0 and at most 1, got 0 (1 turns it off)\n")
        h.clear()
        #expect(h.run("sample 5 top_p=1.5") == .failed)
        #expect(h.err == "<command>:1:16: error: top_p must be between 0 and 1, got 1.5\n")
        h.clear()
        h.run("sample 20 top_p=0.5 seed=9")
        let first = h.out
        h.clear()
        h.run("sample 20 top_p=0.5 seed=9")
        #expect(h.out == first)
    }

    @Test func theCacheDoesNotChangeTheText() {
        let (h, _) = readyHarness()
        h.run("sample 30 prompt=\"the \" seed=2")
        let cached = h.out
        h.clear()
        h.run("sample 30 prompt=\"the \" seed=2 cache=false")
        #expect(h.out == cached)
    }

    @Test func promptFilesAreReadRelativeToTheScript() throws {
        let dir = temporaryDirectory()
        write("the c", to: "prompts/p.txt", in: dir)
        write(tinyCorpus, to: "tiny.txt", in: dir)
        let script = write("""
            load corpus tiny.txt
            tokenizer char
            \(tinySettings)
            init seed=1
            sample 10 prompt=@prompts/p.txt seed=4
            sample 10 prompt="the c" seed=4
            """, to: "s.gpt", in: dir)
        let h = Harness(quiet: true)
        #expect(try h.shell.runScript(at: script) == .finished)
        let first = String(h.out.prefix(h.out.count / 2))
        #expect(h.out == first + first && first.hasPrefix("the c"), "the file's prompt and the same text inline agree")
    }

    @Test func promptFileErrorsNameTheFile() {
        let (h, dir) = readyHarness()
        let line = "sample 5 prompt=@\(dir.path)/none.txt"
        #expect(h.run(line) == .failed)
        #expect(h.err == "<command>:1:17: error: cannot read '\(dir.path)/none.txt': No such file or directory\n")
        h.clear()
        #expect(h.run("sample 5 prompt=\"@x\"") == .failed)
        #expect(h.err.contains("the prompt has a character '@'"), "quoted, @ is the prompt's first character")
    }

    @Test func anInterruptStopsTheRemainingSamples() {
        let (h, _) = readyHarness()
        var polls = 0
        h.shell.shouldStop = {
            polls += 1
            return polls > 15
        }
        #expect(h.run("sample 10 prompt=\"the \" count=3 seed=1") == .interrupted)
        #expect(h.err == "interrupted after 5 of 10 tokens (sample 2 of 3)\n")
        #expect(h.out.components(separatedBy: "---\n").count == 2)
    }
}
