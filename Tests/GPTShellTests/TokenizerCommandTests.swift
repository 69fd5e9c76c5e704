import Foundation
import GPTEngine
import Testing
@testable import GPTShell

/// The column where `part` starts in `line`, as errors count it.
func column(of part: String, in line: String) -> Int {
    line.distance(from: line.startIndex, to: line.range(of: part)!.lowerBound) + 1
}

private let chinese = "你好，欢迎来到自然语言处理的世界！\n自然语言处理是计算机科学和人工智能领域的重要分支。\n"

@Suite struct TokenizerCommandTests {
    @Test func bpeLearnsMergesAndEncodesTheCorpus() {
        let dir = temporaryDirectory()
        let h = Harness()
        #expect(h.run("load corpus \(write(tinyCorpus, to: "t.txt", in: dir)); tokenizer bpe vocab=280") == .finished)
        #expect(h.out.hasSuffix("bpe tokenizer: 281 tokens in the vocabulary; corpus encoded as "
            + TokenizerCommand.tokenCounts(h.session) + "\n"))
        #expect(h.session.tokenizer?.kind == "bpe")
        #expect(!h.transcript.contains("\u{1B}"), "no escape codes away from a terminal")
    }

    @Test func aSmallCorpusRunsOutOfMerges() {
        let dir = temporaryDirectory()
        let h = Harness()
        h.run("load corpus \(write("abab", to: "t.txt", in: dir)) val=0; tokenizer bpe vocab=300")
        #expect(h.out.contains("the corpus ran out of pairs to merge after 2 of 44 merges\n"))
        #expect(h.session.tokenizer?.vocabSize == 259)
    }

    @Test func progressIsRedrawnOnATerminalAndErased() {
        var err = ""
        let output = Output(terminal: TerminalInfo(statusLine: true, colorOnStdout: false, colorOnStderr: false, columns: { 80 }), stdout: { _ in }, stderr: { err += $0 })
        let shell = Shell(output: output)
        let dir = temporaryDirectory()
        #expect(shell.run(StringLines("load corpus \(write(tinyCorpus, to: "t.txt", in: dir)); tokenizer bpe vocab=270")) == .finished)
        // Each redraw blanks the previous line with spaces and returns to its start.
        #expect(err.hasPrefix("bpe: 1 of 14 merges"))
        #expect(err.contains("\rbpe: 14 of 14 merges"))
        let erased = "\r" + String(repeating: " ", count: "bpe: 14 of 14 merges".count) + "\r"
        #expect(err.hasSuffix(erased))
    }

    @Test func theCJKRuleAndThePatternAreChosen() {
        let dir = temporaryDirectory()
        let h = Harness()
        h.run("load corpus \(write(chinese, to: "zh.txt", in: dir)) val=0")
        h.run("tokenizer bpe vocab=400 pattern=gpt4 cjk=false; show tokenizer")
        #expect(h.out.contains("pattern     gpt4\n"))
        h.clear()
        h.run("tokenizer bpe vocab=400; show tokenizer")
        #expect(h.out.contains("kind        bpe\n"))
        #expect(h.out.contains("pattern     gpt2+cjk\n"))
        #expect(h.out.contains("first merges: \""))
        #expect(h.out.contains("last merges: \""))
    }

    @Test(arguments: [
        ("tokenizer bpe vocab=300 pattern=gtp2", "gtp2", "pattern must be one of gpt2, gpt4, none, got 'gtp2' (did you mean 'gpt2'?)"),
        ("tokenizer bpe vocab=300 cjk=yes", "yes", "cjk must be true or false, got 'yes'"),
        ("tokenizer bpe vocab=100", "100", "vocab must be between 256 and 1000000, got 100"),
        ("tokenizer bpe vocab=300 vocab=400", "vocab=400", "option 'vocab' is given twice"),
    ])
    func bpeOptionErrorsNameTheirColumn(line: String, at part: String, message: String) {
        let h = Harness()
        #expect(h.run(line) == .failed)
        #expect(h.err == "<command>:1:\(column(of: part, in: line)): error: \(message)\n")
    }

    @Test func bpeNeedsAVocabularySizeAndACorpus() {
        let h = Harness()
        #expect(h.run("tokenizer bpe") == .failed)
        #expect(h.err == "<command>:1:14: error: `tokenizer bpe` needs vocab=N, the vocabulary size (at least 256)\n")
        h.clear()
        #expect(h.run("tokenizer bpe vocab=300") == .failed)
        #expect(h.err == "<command>:1:1: error: no corpus loaded: run `load corpus PATH` first\n")
    }

    @Test func byteNeedsNoTraining() {
        let dir = temporaryDirectory()
        let h = Harness()
        h.run("load corpus \(write(tinyCorpus, to: "t.txt", in: dir)); tokenizer byte")
        #expect(h.out.hasSuffix("byte tokenizer: 257 tokens in the vocabulary; corpus encoded as 171 tokens (153 train, 18 val)\n"))
        let bare = Harness()
        #expect(bare.run("tokenizer byte; show tokenizer") == .finished)
        #expect(bare.out.contains("kind        byte\n"))
    }

    @Test func encodeShowsIdsAndPieces() {
        let h = Harness()
        h.run("tokenizer byte")
        h.clear()
        #expect(h.run("encode \"你a\\n\"") == .finished)
        #expect(h.out == """
            5 tokens for 3 characters (5 bytes)
            228  "<e4>"
            189  "<bd>"
            160  "<a0>"
            97   "a"
            10   "\\n"

            """)
    }

    @Test func encodeShowsWholeChineseCharactersAsText() {
        let dir = temporaryDirectory()
        let h = Harness()
        h.run("load corpus \(write(chinese, to: "zh.txt", in: dir)) val=0; tokenizer bpe vocab=400")
        let ids = h.session.tokenizer!.specialTokens
        h.clear()
        #expect(h.run("encode \"你好<|endoftext|>\"") == .finished)
        let lines = h.out.split(separator: "\n")
        #expect(lines.first == "3 tokens for 15 characters (19 bytes)")
        #expect(lines.map { $0.split(separator: " ").last! } == ["bytes)", "\"你\"", "\"好\"", "\"<|endoftext|>\""])
        #expect(lines.last!.hasPrefix("\(ids[SpecialToken.endOfText]!) "))
    }

    @Test func encodeReadsFilesAndQuotesMeanText() throws {
        let dir = temporaryDirectory()
        write("ab", to: "in.txt", in: dir)
        let script = write("tokenizer byte\nencode @in.txt\nencode \"@in.txt\"\n", to: "s.gpt", in: dir)
        let h = Harness()
        #expect(try h.shell.runScript(at: script) == .finished)
        #expect(h.out.contains("2 tokens for 2 characters (2 bytes)\n97  \"a\"\n98  \"b\"\n"))
        #expect(h.out.contains("7 tokens for 7 characters (7 bytes)\n64   \"@\"\n"))
    }

    @Test func encodeErrors() {
        let h = Harness()
        #expect(h.run("encode \"x\"") == .failed)
        #expect(h.err.contains("no tokenizer: run `tokenizer char` (after `load corpus PATH`) first"), "\(h.err)")
        let (ready, _) = readyHarness()
        #expect(ready.run("encode \"the 猫\"") == .failed)
        #expect(ready.err == "<command>:1:8: error: the text has a character '猫' (U+732B) at offset 4 that is not in the tokenizer's vocabulary\n")
        ready.clear()
        #expect(ready.run("encode @nowhere.txt") == .failed)
        #expect(ready.err == "<command>:1:8: error: cannot read 'nowhere.txt': No such file or directory\n")
        ready.clear()
        #expect(ready.run("encode @") == .failed)
        #expect(ready.err.contains("'@' must be followed by a file name (quote the text to mean '@' itself)"))
    }

    @Test func corporaSplitIntoDocuments() {
        let dir = temporaryDirectory()
        let path = write("one\n%\ntwo\n  %  \nthree\n", to: "d.txt", in: dir)
        let h = Harness()
        #expect(h.run("load corpus \(path) sep=\"%\" val=0; show corpus") == .finished)
        #expect(h.out.contains("3 documents, each ended by <|endoftext|>\n"))
        #expect(h.out.contains("documents   3, each ended by <|endoftext|>\n"))
        #expect(h.session.corpus?.text == "one\n<|endoftext|>two\n<|endoftext|>three\n<|endoftext|>")
        h.clear()
        h.run("load corpus \(write("a\n\n\nb\n \nc", to: "b.txt", in: dir)) sep=blank")
        #expect(h.out.contains("3 documents"))
        #expect(h.session.corpus?.separator == .blankLines)
        h.run("load corpus \(path) sep=\"blank\"")
        #expect(h.session.corpus?.separator == .line("blank"), "a quoted blank is a marker line")
        let line = "load corpus \(path) sep=\"  \""
        #expect(h.run(line) == .failed)
        #expect(h.err.contains(":\(column(of: "\"  \"", in: line)): error: sep must be the text of a separator line"))
    }

    /// `<|endoftext|>` is one token in a char tokenizer too, never its 13 characters.
    @Test func aCharTokenizerHasTheDocumentsSeparatorAsOneToken() throws {
        let dir = temporaryDirectory()
        let docs = String(repeating: "ab\n%\nba\n%\n", count: 30)
        let h = Harness()
        let line = "load corpus \(write(docs, to: "d.txt", in: dir)) sep=\"%\" val=0.2; tokenizer char"
        #expect(h.run(line) == .finished, "\(h.err)")
        let tokenizer = try #require(h.session.tokenizer)
        // a, b, the newline, and <|endoftext|>.
        #expect(tokenizer.vocabSize == 4)
        #expect(try tokenizer.encode("ab\n<|endoftext|>") == [1, 2, 0, 3])
        #expect(tokenizer.specialTokens == ["<|endoftext|>": 3])
        h.clear()
        #expect(h.run("encode \"b<|endoftext|>\"") == .finished)
        #expect(h.out.hasPrefix("2 tokens for 14 characters"), "\(h.out)")
        h.run("\(tinySettings); set lr=1e-2 threads=1; init seed=1; train 150")
        h.clear()
        #expect(h.run("sample 30 prompt=\"ab\" temperature=0 stop=eot") == .finished, "\(h.err)")
        #expect(h.out == "ab\n")
        // It survives a checkpoint.
        let path = dir.appendingPathComponent("c.ckpt").path
        #expect(h.run("save \(path)") == .finished)
        let loaded = Session()
        try loaded.load(path: path)
        #expect(loaded.tokenizer!.state == tokenizer.state)
    }

    @Test func loadingACheckpointWhoseTokenizerCannotEncodeTheCorpusSaysSo() throws {
        let (h, dir) = readyHarness()
        let path = dir.appendingPathComponent("m.ckpt").path
        #expect(h.run("save \(path)") == .finished)
        let other = write("你好，世界\n你好\n", to: "zh.txt", in: dir)
        let fresh = Harness()
        #expect(fresh.run("load corpus \(other); load \(path)") == .finished, "\(fresh.err)")
        #expect(fresh.err.contains("warning: the checkpoint's tokenizer cannot encode the loaded corpus: "
            + "\(other):1:1: character '你' (U+4F60) is not in the char tokenizer's vocabulary; the corpus stays loaded but unencoded"),
            "\(fresh.err)")
        #expect(fresh.session.model != nil && !fresh.session.isEncoded)
    }
}
