import Foundation
import Testing
@testable import GPTEngine

@Suite struct AtomicFileTests {
    /// A process killed mid-save leaves its temporary file; the next save to the same target
    /// removes it, but never one whose writer still runs or that belongs to another target.
    @Test func aWriteRemovesTheTemporaryFilesOfDeadWritersOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let exited = Process()
        exited.executableURL = URL(fileURLWithPath: "/bin/true")
        try exited.run()
        exited.waitUntilExit()
        let dead = exited.processIdentifier
        let abandoned = ".m.ckpt.tmp-\(dead)-1"
        let kept = [".m.ckpt.tmp-\(getpid())-2", ".other.ckpt.tmp-\(dead)-3", ".m.ckpt.tmp-notes", "m.ckpt.tmp-\(dead)-4"]
        for name in [abandoned] + kept {
            try Data("partial".utf8).write(to: dir.appendingPathComponent(name))
        }
        try AtomicFile.write(Data("whole".utf8), to: dir.appendingPathComponent("m.ckpt").path)
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == (kept + ["m.ckpt"]).sorted())
        #expect(try String(contentsOf: dir.appendingPathComponent("m.ckpt"), encoding: .utf8) == "whole")
    }
}
