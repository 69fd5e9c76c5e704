import Foundation
import GPTEngine
import Testing

/// Exact resume through the built `gptsh`: training 2N steps in one process must give the same
/// losses, bit for bit, as training N, saving, and loading in a fresh process for N more.
@Suite(.serialized) struct ResumeAcrossProcessesTests {
    static let setup = """
        load corpus corpus.txt; tokenizer char
        set n_layer=2 n_head=2 n_embd=16 block_size=16 batch_size=4 threads=2
        set warmup_iters=20 lr_decay_iters=400 log_interval=1 eval_interval=50 eval_iters=3
        init seed=11
        """

    /// The log and evaluation lines without their timings, which differ from run to run.
    static func trace(_ output: String) -> [String] {
        output.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("step ") else { return nil }
            let timing = line.range(of: #"\s+[0-9.]+ ms/step.*$"#, options: .regularExpression)
            return String(line[..<(timing?.lowerBound ?? line.endIndex)])
        }
    }

    @Test func lossesContinueBitForBitInANewProcess() throws {
        let dir = temporaryDirectory()
        write(String(repeating: tinyCorpus, count: 4), to: "corpus.txt", in: dir)
        let n = 200
        let straight = try runGPTSH(["-c", "\(Self.setup)\ntrain \(2 * n)\nsave straight.ckpt"], directory: dir)
        #expect(straight.status == 0, "\(straight.err)")
        let first = try runGPTSH(["-c", "\(Self.setup)\ntrain \(n)\nsave half.ckpt"], directory: dir)
        #expect(first.status == 0, "\(first.err)")
        let second = try runGPTSH(["-c", "load half.ckpt\ntrain \(n)\nsave resumed.ckpt"], directory: dir)
        #expect(second.status == 0 && second.err.isEmpty, "\(second.err)")

        let whole = Self.trace(straight.out), resumed = Self.trace(second.out)
        #expect(whole.count > 2 * n && resumed.count > n)
        #expect(resumed.first?.hasPrefix("step \(n + 1)/\(2 * n)  loss ") == true)
        #expect(Array(whole.drop { !$0.hasPrefix("step \(n + 1)/") }) == resumed)

        // Four decimals can hide a difference; the weights and AdamW's moments cannot.
        let a = try SafeTensorsFile(path: dir.appendingPathComponent("straight.ckpt").path)
        let b = try SafeTensorsFile(path: dir.appendingPathComponent("resumed.ckpt").path)
        #expect(a.tensors.map(\.name) == b.tensors.map(\.name))
        for t in a.tensors {
            #expect(try a.floats(t.name).map(\.bitPattern) == b.floats(t.name).map(\.bitPattern), "\(t.name)")
        }
        #expect(a.metadata["run"] == b.metadata["run"])
    }

    /// The corpus was named relative to the first process's folder; the checkpoint keeps its
    /// absolute path, so a process elsewhere finds it again.
    @Test func theCorpusIsFoundFromAnotherFolder() throws {
        let dir = temporaryDirectory()
        write(String(repeating: tinyCorpus, count: 4), to: "run/corpus.txt", in: dir)
        let run = dir.appendingPathComponent("run")
        #expect(try runGPTSH(["-c", "\(Self.setup)\ntrain 2\nsave m.ckpt"], directory: run).status == 0)
        let later = try runGPTSH(["-c", "load run/m.ckpt\ntrain 1"], directory: dir)
        #expect(later.status == 0 && later.err.isEmpty, "\(later.err)")
        #expect(later.out.contains("step 3/3"))
    }
}
