import Foundation
import Testing
@testable import GPTShell

/// `save`, `history save`, `export hf` and `log` onto paths that are not plain files, made
/// here in a temporary folder; and NULs, which a path cannot hold but output can.
@Suite struct WriteTargetCommandTests {
    private func fileType(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    @Test func saveAndHistorySaveRefuseAFIFO() {
        let (h, dir) = readyHarness()
        let fifo = dir.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(h.run("save \(fifo)") == .failed)
        #expect(h.err == "<command>:1:6: error: cannot write '\(fifo)': it is a FIFO, not a regular file\n", "\(h.err)")
        h.clear()
        #expect(h.run("history save \(fifo)") == .failed)
        #expect(h.err.contains("cannot write '\(fifo)': it is a FIFO, not a regular file"), "\(h.err)")
        #expect(fileType(fifo) == S_IFIFO)
    }

    @Test func saveRefusesAFolder() {
        let (h, dir) = readyHarness()
        #expect(h.run("save \(dir.path)") == .failed)
        #expect(h.err.contains("cannot write '\(dir.path)': it is a folder, not a regular file"), "\(h.err)")
        #expect(fileType(dir.appendingPathComponent("tiny.txt").path) == S_IFREG)
    }

    @Test func exportHFRefusesAFIFOInTheFolder() {
        let (h, dir) = readyHarness()
        let out = dir.appendingPathComponent("hf")
        try! FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let fifo = out.appendingPathComponent("config.json").path
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(h.run("export hf \(out.path)") == .failed)
        #expect(h.err.contains("it is a FIFO, not a regular file"), "\(h.err)")
        #expect(fileType(fifo) == S_IFIFO)
    }

    @Test(.enabled(if: getuid() == 0, "making a device node needs root"))
    func logRefusesADevice() {
        let (h, dir) = readyHarness()
        let device = dir.appendingPathComponent("null").path
        #expect(mknod(device, S_IFCHR | 0o666, 0x103) == 0)
        #expect(h.run("log \(device)") == .failed)
        #expect(h.err.contains("cannot write '\(device)': it is a character device, not a regular file"), "\(h.err)")
        #expect(h.shell.metricsLog == nil)
    }

    @Test func saveWritesThroughASymlink() throws {
        let (h, dir) = readyHarness()
        let link = dir.appendingPathComponent("latest.ckpt").path
        #expect(symlink("real.ckpt", link) == 0)
        #expect(h.run("train 1; save \(link)") == .finished, "\(h.err)")
        #expect(fileType(link) == S_IFLNK)
        #expect(fileType(dir.appendingPathComponent("real.ckpt").path) == S_IFREG)
        #expect(h.out.contains("to \(link) (") && !h.out.contains("(9 bytes in"), "the size is the checkpoint's, not the link's: \(h.out)")
        let other = Harness()
        #expect(other.run("load \(link)") == .finished, "\(other.err)")
    }

    @Test func aNULInAPathIsAnErrorAtItsColumn() throws {
        let (h, dir) = readyHarness()
        let victim = dir.appendingPathComponent("victim.ckpt").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: victim))
        #expect(h.run("save \"\(victim)\\0.new\"") == .failed)
        #expect(h.err == "<command>:1:6: error: PATH must not contain a NUL character (\\0): a path ends at one\n", "\(h.err)")
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "old")
    }

    @Test func echoPrintsANUL() throws {
        let r = try runGPTSH(["-c", "echo \"a\\0b\"; echo after"])
        #expect(r.status == 0)
        #expect(r.out == "a\0b\nafter\n")
    }
}
