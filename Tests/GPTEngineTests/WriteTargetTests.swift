import Foundation
import Testing
@testable import GPTEngine

/// What `AtomicFile` writes to when the path is not a plain file: nodes made here, in a
/// temporary folder, never the system's own devices.
@Suite struct WriteTargetTests {
    private func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-target-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func fileType(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    @Test func aFIFOIsRefusedAndKept() throws {
        let fifo = try folder().appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: EngineError.io("cannot write '\(fifo)': it is a FIFO, not a regular file")) {
            try AtomicFile.write(Data("x".utf8), to: fifo)
        }
        #expect(fileType(fifo) == S_IFIFO)
    }

    @Test(.enabled(if: getuid() == 0, "making a device node needs root"))
    func aDeviceIsRefusedAndKept() throws {
        let device = try folder().appendingPathComponent("null").path
        // Major 1, minor 3: a null device of our own.
        #expect(mknod(device, S_IFCHR | 0o666, 0x103) == 0)
        #expect(throws: EngineError.io("cannot write '\(device)': it is a character device, not a regular file")) {
            try AtomicFile.write(Data("x".utf8), to: device)
        }
        #expect(fileType(device) == S_IFCHR)
    }

    @Test func aFolderIsRefusedAndKept() throws {
        let dir = try folder()
        let inner = dir.appendingPathComponent("inner")
        try FileManager.default.createDirectory(at: inner, withIntermediateDirectories: true)
        try Data("kept".utf8).write(to: inner.appendingPathComponent("a.txt"))
        #expect(throws: EngineError.io("cannot write '\(inner.path)': it is a folder, not a regular file")) {
            try AtomicFile.write(Data("x".utf8), to: inner.path)
        }
        #expect(try String(contentsOf: inner.appendingPathComponent("a.txt"), encoding: .utf8) == "kept")
    }

    @Test func aSymlinkChainIsWrittenThroughAndKept() throws {
        let dir = try folder()
        let target = dir.appendingPathComponent("real.ckpt").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        let first = dir.appendingPathComponent("first").path, second = dir.appendingPathComponent("second").path
        #expect(symlink("real.ckpt", second) == 0)
        #expect(symlink(second, first) == 0)
        try AtomicFile.write(Data("new".utf8), to: first)
        #expect(fileType(first) == S_IFLNK)
        #expect(fileType(second) == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
    }

    @Test func aDanglingSymlinkCreatesItsTarget() throws {
        let dir = try folder()
        let link = dir.appendingPathComponent("link").path
        #expect(symlink("made.txt", link) == 0)
        try AtomicFile.write(Data("new".utf8), to: link)
        #expect(fileType(link) == S_IFLNK)
        #expect(try String(contentsOf: dir.appendingPathComponent("made.txt"), encoding: .utf8) == "new")
    }

    @Test func aSymlinkLoopIsAnError() throws {
        let dir = try folder()
        let a = dir.appendingPathComponent("a").path, b = dir.appendingPathComponent("b").path
        #expect(symlink(b, a) == 0)
        #expect(symlink(a, b) == 0)
        #expect(throws: EngineError.io("cannot write '\(a)': too many levels of symbolic links")) {
            try AtomicFile.write(Data("x".utf8), to: a)
        }
    }

    @Test func aNULInThePathWritesNothing() throws {
        let dir = try folder()
        let victim = dir.appendingPathComponent("victim.ckpt").path
        try Data("old".utf8).write(to: URL(fileURLWithPath: victim))
        #expect(throws: EngineError.io("cannot write '\(victim)\0.new': the path contains a NUL character")) {
            try AtomicFile.write(Data("x".utf8), to: victim + "\0.new")
        }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["victim.ckpt"])
    }
}
