import Foundation
import Testing
import GPTEngine

/// Writes that fail for want of space or because the folder is read-only: the error names the
/// cause, what was there before is byte for byte as it was, nothing half-written is left, and
/// the session goes on.
@Suite(.enabled(if: SmallFilesystem.available, Comment(rawValue: SmallFilesystem.skipped)))
struct FullDiskTests {
    private func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

    @Test func saveOnAFullDiskKeepsTheOldCheckpoint() throws {
        let fs = try #require(SmallFilesystem(bytes: 256 * 1024))
        let (h, _) = readyHarness()
        let target = fs.path("run.ckpt")
        #expect(h.run("save \(target)") == .finished, "\(h.err)")
        let before = contents(target)
        fs.fill()
        h.clear()
        #expect(h.run("train 1; save \(target)") == .failed)
        #expect(h.err.contains("No space left on device"), "\(h.err)")
        #expect(contents(target) == before)
        #expect(fs.names() == ["filler", "run.ckpt"])
        #expect(try Session().load(path: target).iteration == 0)
    }

    @Test func exportHFOnAFullDiskKeepsTheOldFolderLoading() throws {
        let fs = try #require(SmallFilesystem(bytes: 256 * 1024))
        let (h, _) = readyHarness()
        let folder = fs.path("hf")
        #expect(h.run("export hf \(folder)") == .finished, "\(h.err)")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        let before = files.map { contents(folder + "/" + $0) }
        fs.fill()
        h.clear()
        #expect(h.run("train 1; export hf \(folder)") == .failed)
        #expect(h.err.contains("No space left on device"), "\(h.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == files)
        #expect(files.map { contents(folder + "/" + $0) } == before)
        #expect(fs.names() == ["filler", "hf"])
        try Session().loadHF(directory: folder)
    }

    @Test func historySaveOnAFullDiskKeepsTheOldScript() throws {
        let fs = try #require(SmallFilesystem(bytes: 64 * 1024))
        let (h, _) = readyHarness()
        let target = fs.path("session.gpt")
        #expect(h.run("history save \(target)") == .finished, "\(h.err)")
        let before = contents(target)
        fs.fill()
        h.clear()
        #expect(h.run("train 1; history save \(target)") == .failed)
        #expect(h.err.contains("No space left on device"), "\(h.err)")
        #expect(contents(target) == before)
        #expect(fs.names() == ["filler", "session.gpt"])
    }

    /// The disk fills while training logs: logging stops with a note, training goes on, and the
    /// log holds whole lines only (a line cut short by the full disk is taken back).
    @Test func logOnAFullDiskStopsLoggingNotTraining() throws {
        let fs = try #require(SmallFilesystem(bytes: 64 * 1024))
        let (h, _) = readyHarness()
        let target = fs.path("metrics.jsonl")
        #expect(h.run("log \(target); train 3 log_interval=1") == .finished, "\(h.err)")
        fs.fill()
        h.clear()
        #expect(h.run("train 400 log_interval=1") == .finished, "\(h.err)")
        #expect(h.err.contains("cannot write the log '\(target)': No space left on device; logging is off"), "\(h.err)")
        #expect(h.session.iteration == 403)
        let text = String(decoding: try #require(contents(target)), as: UTF8.self)
        #expect(text.hasSuffix("\n"))
        for line in text.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "a cut line: \(line)")
        }
    }

    @Test func aReadOnlyFolderRefusesEveryWriteAndKeepsItsFiles() throws {
        let fs = try #require(SmallFilesystem(bytes: 256 * 1024))
        let (h, _) = readyHarness()
        #expect(h.run("save \(fs.path("run.ckpt")); export hf \(fs.path("hf")); history save \(fs.path("s.gpt"))") == .finished, "\(h.err)")
        let names = fs.names()
        let before = names.map { contents(fs.path($0)) }
        #expect(fs.remountReadOnly())
        for command in ["save \(fs.path("run.ckpt"))", "export hf \(fs.path("hf"))", "history save \(fs.path("s.gpt"))",
                        "log \(fs.path("m.jsonl"))", "save \(fs.path("new/run.ckpt"))"] {
            h.clear()
            #expect(h.run(command) == .failed, "\(command)")
            #expect(h.err.contains("Read-only file system"), "\(command): \(h.err)")
        }
        #expect(fs.names() == names)
        #expect(names.map { contents(fs.path($0)) } == before)
        try Session().loadHF(directory: fs.path("hf"))
    }
}
