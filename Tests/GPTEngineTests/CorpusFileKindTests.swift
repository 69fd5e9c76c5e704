import Foundation
import Testing
@testable import GPTEngine

/// `load corpus` of what is not a regular file: refused at once, never read without bound.
@Suite struct CorpusFileKindTests {
    private func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-corpus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func aFolderIsRefused() throws {
        let dir = try folder().path
        #expect(throws: EngineError.io("cannot read '\(dir)': it is a folder, not a regular file")) {
            try Corpus(path: dir, valFraction: 0.1)
        }
    }

    @Test func aFIFOWithNoWriterIsRefusedWithoutBlocking() throws {
        let fifo = try folder().appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: EngineError.io("cannot read '\(fifo)': it is a FIFO, not a regular file")) {
            try Corpus(path: fifo, valFraction: 0.1)
        }
    }

    @Test(arguments: ["/proc/self/status", "/proc/self/pagemap"])
    func procFilesAreRefused(_ path: String) throws {
        #expect(throws: EngineError.io("cannot read '\(path)': it is a /proc or /sys file, whose size is not known in advance; copy what you need into a regular file")) {
            try Corpus(path: path, valFraction: 0.1)
        }
    }

    @Test func aRegularFileStillLoads() throws {
        let path = try folder().appendingPathComponent("c.txt").path
        try Data("hello there, corpus".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try Corpus(path: path, valFraction: 0.1).characterCount == 19)
    }
}
