import Foundation
import GPTEngine
import Testing

/// A `gptsh` that trains a step and exports, over and over, is killed with SIGKILL at a random
/// moment of that loop, or while its new folder is being written. Whatever the moment, the
/// folder must load as a whole export, and only the killed process's sibling folder may be
/// left, which the next export removes.
@Suite(.serialized) struct KillDuringExportTests {
    static let kills = 12

    func siblings(in dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".out.new-") || $0.hasPrefix(".out.old-") }
    }

    func weightsWritten(_ dir: URL) -> Date? {
        try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent("out/model.safetensors").path)[.modificationDate] as? Date
    }

    @Test func aKilledExportAlwaysLeavesAFolderThatLoads() throws {
        let dir = temporaryDirectory()
        write(String(repeating: tinyCorpus, count: 4), to: "corpus.txt", in: dir)
        let setup = """
            load corpus corpus.txt; tokenizer char
            set n_layer=2 n_head=4 n_embd=192 block_size=16 batch_size=2 log_interval=0 eval_interval=0 eval_iters=1
            init; train 1; save run.ckpt; export hf out
            """
        #expect(try runGPTSH(["-c", setup], directory: dir).status == 0)
        write("load run.ckpt\n" + String(repeating: "train 1; export hf out\n", count: 500), to: "loop.gpt", in: dir)
        var caughtMidExport = 0
        for kill in 0..<Self.kills {
            let before = weightsWritten(dir)
            let child = try launchGPTSH(["loop.gpt"], in: dir)
            // Kill once the loop has exported at least once, so the kills fall among its exports.
            let deadline = Date().addingTimeInterval(30)
            while weightsWritten(dir) == before && child.isRunning && Date() < deadline { usleep(2_000) }
            if kill % 2 == 0 {
                usleep(UInt32.random(in: 0...300_000))
            } else if try stop(child, whilst: { try !siblings(in: dir).isEmpty }) {
                caughtMidExport += 1
            }
            Glibc.kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()
            #expect(child.terminationReason == .uncaughtSignal)
            let left = try siblings(in: dir)
            #expect(left.count <= 1, "\(left)")
            let session = Session()
            try session.loadHF(directory: dir.appendingPathComponent("out").path)
            #expect(session.model != nil)
        }
        #expect(caughtMidExport > 0, "some kills were made while a new folder was being written")
        let last = try runGPTSH(["-c", "load run.ckpt; export hf out"], directory: dir)
        #expect(last.status == 0, "\(last.err)")
        #expect(try siblings(in: dir).isEmpty)
    }
}
