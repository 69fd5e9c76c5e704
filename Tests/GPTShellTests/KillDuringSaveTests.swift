import Foundation
import GPTEngine
import Testing

/// A `gptsh` that trains a step and saves, over and over, is killed with SIGKILL at a random
/// moment of that loop. Whatever the moment, the checkpoint on disk must load, and be the one from before
/// the kill or a later one; only the killed process's temporary file may be left over, and the
/// next save removes it.
@Suite(.serialized) struct KillDuringSaveTests {
    static let target = "run.ckpt"
    static let kills = 20

    func temporaryFiles(in dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".\(Self.target).tmp-") }
    }

    /// A save renames a new file over the target, so the target's inode changes with each one.
    func inode(of path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as! Int
    }

    @Test func aKilledSaveNeverCorruptsTheCheckpoint() throws {
        let dir = temporaryDirectory()
        write(String(repeating: tinyCorpus, count: 4), to: "corpus.txt", in: dir)
        // About a million parameters: a 12 MB file, so a good share of the kills land mid-write.
        let setup = """
            load corpus corpus.txt; tokenizer char
            set n_layer=2 n_head=4 n_embd=192 block_size=16 batch_size=2 log_interval=0 eval_interval=0 eval_iters=1
            init; train 1; save \(Self.target)
            """
        #expect(try runGPTSH(["-c", setup], directory: dir).status == 0)
        let target = dir.appendingPathComponent(Self.target).path
        write("load \(Self.target)\n" + String(repeating: "train 1; save \(Self.target)\n", count: 500),
              to: "loop.gpt", in: dir)

        var step = 1
        var caughtMidWrite = 0
        for kill in 0..<Self.kills {
            let before = try inode(of: target)
            let child = try launchGPTSH(["loop.gpt"], in: dir)
            // Kill only once the loop runs (its first save replaced the file), so that however
            // slow the start on a busy machine, the kills fall among the steps and saves.
            let deadline = Date().addingTimeInterval(30)
            while try inode(of: target) == before && child.isRunning && Date() < deadline { usleep(2_000) }
            if kill % 2 == 0 {
                // Any moment of the loop.
                usleep(UInt32.random(in: 0...300_000))
            } else if try stop(child, whilst: { try !temporaryFiles(in: dir).isEmpty }) {
                // Stopped while its temporary file exists: the kill lands in the middle of a save.
                caughtMidWrite += 1
                #expect(try temporaryFiles(in: dir).count == 1)
            }
            Glibc.kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(child.terminationReason == .uncaughtSignal)

            let leftovers = try temporaryFiles(in: dir)
            #expect(leftovers.count <= 1, "\(leftovers)")
            let session = Session()
            let report = try session.load(path: target)
            #expect(!report.weightsOnly && report.iteration >= step)
            step = report.iteration
        }
        #expect(step > 1)
        #expect(caughtMidWrite > 0, "some kills were made in the middle of a save")

        let last = try runGPTSH(["-c", "load \(Self.target); save \(Self.target)"], directory: dir)
        #expect(last.status == 0, "\(last.err)")
        #expect(try temporaryFiles(in: dir).isEmpty)
    }
}
