import Foundation
import Testing
@testable import GPTShell

/// Writes whose folder cannot be made: a file stands on the way, or the target is a loop of
/// symbolic links. Foundation says "File exists" and "Not a directory"; gptsh names the file.
@Suite struct WriteMessageTests {
    @Test func aFileWhereAFolderShouldBeIsNamed() {
        let (h, dir) = readyHarness()
        let file = dir.appendingPathComponent("tiny.txt").path
        for command in ["save \(file)/x.ckpt", "export hf \(file)/hf", "history save \(file)/h.gpt", "log \(file)/m.jsonl"] {
            h.clear()
            #expect(h.run(command) == .failed)
            #expect(h.err.contains("cannot create the folder '\(file)': a file of that name is in the way"), "\(command): \(h.err)")
        }
        h.clear()
        #expect(h.run("save \(file)/deeper/x.ckpt") == .failed)
        #expect(h.err.contains("cannot create the folder '\(file)/deeper': '\(file)' is a file, not a folder"), "\(h.err)")
    }

    @Test func exportHFOntoASymlinkLoop() {
        let (h, dir) = readyHarness()
        let a = dir.appendingPathComponent("a").path, b = dir.appendingPathComponent("b").path
        #expect(symlink(b, a) == 0 && symlink(a, b) == 0)
        #expect(h.run("export hf \(a)") == .failed)
        #expect(h.err.contains("cannot write '\(a)': too many levels of symbolic links"), "\(h.err)")
    }
}
