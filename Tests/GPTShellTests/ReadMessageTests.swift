import Foundation
import Testing
@testable import GPTShell

/// Reading paths that are not files, and text that the lexer or the tokenizer stumbles on:
/// each error says what is wrong in the user's terms, never Foundation's
/// "NSCocoaErrorDomain error 256".
@Suite struct ReadMessageTests {
    /// `a` and `b` link to each other: opening either is a loop.
    private func symlinkLoop(in dir: URL) -> String {
        let a = dir.appendingPathComponent("a").path, b = dir.appendingPathComponent("b").path
        #expect(symlink(b, a) == 0 && symlink(a, b) == 0)
        return a
    }

    @Test func everyReaderNamesALoopAnEmptyPathAndAFolder() {
        let dir = temporaryDirectory()
        let loop = symlinkLoop(in: dir)
        let fifo = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o644) == 0)
        let commands = ["load": "load ", "show checkpoint": "show checkpoint ", "score @": "score @", "init vectors=": "init vectors="]
        for (name, prefix) in commands {
            for (path, reason) in [(loop, "Too many levels of symbolic links"), (fifo, "it is a FIFO, not a regular file")] {
                let (h, _) = readyHarness()
                #expect(h.run("\(prefix)\(path)") == .failed)
                #expect(h.err.contains("cannot read '\(path)': \(reason)"), "\(name): \(h.err)")
                #expect(!h.err.contains("NSCocoaErrorDomain"), "\(name): \(h.err)")
            }
        }
        let (h, _) = readyHarness()
        #expect(h.run("load \"\"") == .failed)
        #expect(h.err == "<command>:1:6: error: cannot read '': the path is empty\n", "\(h.err)")
        h.clear()
        #expect(h.run("score @\(dir.path)") == .failed)
        #expect(h.err.contains("cannot read '\(dir.path)': it is a folder, not a regular file"), "\(h.err)")
    }

    @Test func aHuggingFaceFolderWithAFolderForItsConfig() {
        let dir = temporaryDirectory()
        let hf = dir.appendingPathComponent("hf")
        try! FileManager.default.createDirectory(at: hf.appendingPathComponent("config.json"), withIntermediateDirectories: true)
        let (h, _) = readyHarness()
        #expect(h.run("load hf \(hf.path)") == .failed)
        #expect(h.err.contains("cannot read '\(hf.path)/config.json': it is a folder, not a regular file"), "\(h.err)")
    }

    /// Unicode joins `"` and a combining mark that follows it into one character.
    @Test func aCombiningMarkRightAfterAQuoteIsText() {
        let h = Harness()
        #expect(h.run("echo \"\u{301}\"; echo \"a\u{301}\"; echo '\u{301}x'") == .finished, "\(h.err)")
        #expect(h.out == "\u{301}\na\u{301}\n\u{301}x\n")
        h.clear()
        #expect(h.run("set n_layer=\u{301}2") == .failed)
        #expect(h.err.contains("n_layer must be a number"), "\(h.err)")
    }

    @Test func trainingOnACorpusTheTokenizerCannotEncodeNamesTheCharacter() {
        let (h, dir) = readyHarness()
        let other = write("the cat sat; a xylophone ZZZ played on and on and on and on and on.\n", to: "other.txt", in: dir)
        #expect(h.run("load corpus \(other)") == .finished, "\(h.err)")
        h.clear()
        for command in ["train 1", "eval", "score val"] {
            #expect(h.run(command) == .failed)
            #expect(h.err.contains("\(other):1:12: character ';' (U+3B) is not in the char tokenizer's vocabulary"), "\(command): \(h.err)")
            #expect(h.err.contains("build a tokenizer for it (`tokenizer char`"), "\(h.err)")
            h.clear()
        }
    }
}
