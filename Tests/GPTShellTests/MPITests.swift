import Foundation
import GPTEngine
import Testing

/// mpirun, if Open MPI is installed (`scripts/setup mpi`); without it these tests are skipped.
let mpirunPath: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
    .split(separator: ":").map { "\($0)/mpirun" }.first { FileManager.default.isExecutableFile(atPath: $0) }

/// Runs an Open MPI job on this machine. Each element of `ranks` is one rank's gptsh arguments
/// (mpirun's MPMD form), so a test can give one rank a different script.
func runMPI(_ ranks: [[String]], directory: URL) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: mpirunPath!)
    // CI runs as root; two ranks on loopback may outnumber the cores.
    var arguments = ["--allow-run-as-root", "--oversubscribe"]
    for (i, rank) in ranks.enumerated() {
        if i > 0 { arguments.append(":") }
        arguments += ["-np", "1", gptshBinary] + rank
    }
    process.arguments = arguments
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    environment["GPTSH_HISTORY"] = directory.appendingPathComponent("history").path
    process.environment = environment
    let output = Pipe(), errors = Pipe()
    process.standardInput = FileHandle.nullDevice
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let out = Drained(output), err = Drained(errors)
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, out: out.text, err: err.text)
}

@Suite(.serialized, .enabled(if: mpirunPath != nil, "mpirun not found: `scripts/setup mpi` installs Open MPI for these tests"))
struct MPITests {
    static func setup(accumulation: Int) -> String {
        """
        load corpus corpus.txt; tokenizer char
        set n_layer=1 n_head=2 n_embd=16 block_size=8 batch_size=3 threads=1 gradient_accumulation_steps=\(accumulation)
        set lr=3e-3 warmup_iters=5 lr_decay_iters=100 log_interval=1 eval_interval=4 eval_iters=3
        init seed=5
        """
    }

    func prepared() -> URL {
        let dir = temporaryDirectory()
        write(String(repeating: tinyCorpus, count: 4), to: "corpus.txt", in: dir)
        return dir
    }

    /// The losses a metrics log holds, one row per record: [step, loss] or [step, train, val].
    func losses(_ name: String, in dir: URL) throws -> [[Double]] {
        let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return ["step", "loss", "train_loss", "val_loss"].compactMap { (record[$0] as? NSNumber)?.doubleValue }
        }
    }

    func expectClose(_ a: [[Double]], _ b: [[Double]], _ what: String) {
        #expect(a.count == b.count && !a.isEmpty, "\(what): \(a.count) records against \(b.count)")
        for (x, y) in zip(a, b) {
            #expect(x.count == y.count && x[0] == y[0], "\(what): \(x) against \(y)")
            for (u, v) in zip(x.dropFirst(), y.dropFirst()) {
                #expect(abs(u - v) <= 1e-5 * abs(v), "\(what) at step \(x[0]): \(u) against \(v)")
            }
        }
    }

    func run(_ script: String, ranks: Int, in dir: URL) throws -> ProcessResult {
        let result = ranks == 1 ? try runGPTSH(["-c", script], directory: dir)
            : try runMPI(Array(repeating: ["-c", script], count: ranks), directory: dir)
        #expect(result.status == 0, "\(result.out)\n\(result.err)")
        return result
    }

    /// Rank r computes micro-batches r, r+2, …: two ranks of batch B see exactly the windows one
    /// process accumulates over two micro-batches, so the runs differ only by rounding. The
    /// evaluations check at each one that both ranks hold the same parameters, bit for bit.
    @Test func twoRanksTrainAsOneProcessAccumulatingTheSameWindows() throws {
        let dir = prepared()
        _ = try run(Self.setup(accumulation: 2) + "\nlog one.jsonl\ntrain 12", ranks: 1, in: dir)
        let mpi = try run(Self.setup(accumulation: 2) + "\nlog two.jsonl\ntrain 12\nshow config\nshow stats", ranks: 2, in: dir)
        expectClose(try losses("two.jsonl", in: dir), try losses("one.jsonl", in: dir), "2 ranks against 1 process")
        // Rank 1 prints nothing: one copy of each line.
        #expect(mpi.out.components(separatedBy: "step 12/12 ").count == 2, "\(mpi.out)")
        #expect(mpi.out.contains("on: 2 ranks (Open MPI)"), "\(mpi.out)")
        #expect(mpi.out.contains("48 tokens per step") && mpi.out.contains("1 micro-batch on each rank"), "\(mpi.out)")
        #expect(mpi.out.contains(#/\nallreduce +[0-9.]+ ms per step over 12 steps\n/#), "\(mpi.out)")
    }

    /// The sampler's state does not depend on the number of ranks, so a checkpoint moves between
    /// an MPI job and a single process either way and the run goes on as if uninterrupted.
    @Test func checkpointsMoveBetweenAnMPIJobAndOneProcess() throws {
        let dir = prepared()
        let setup = Self.setup(accumulation: 2)
        _ = try run(setup + "\nlog straight.jsonl\ntrain 12\nsave straight.ckpt", ranks: 1, in: dir)
        // Every rank loads what rank 0 has just written: save waits until the file is there.
        _ = try run(setup + "\ntrain 6\nsave mpi-half.ckpt\nload mpi-half.ckpt", ranks: 2, in: dir)
        _ = try run("load mpi-half.ckpt\nlog from-mpi.jsonl\ntrain 6\nsave from-mpi.ckpt", ranks: 1, in: dir)
        _ = try run(setup + "\ntrain 6\nsave one-half.ckpt", ranks: 1, in: dir)
        _ = try run("load one-half.ckpt\nlog to-mpi.jsonl\ntrain 6\nsave to-mpi.ckpt", ranks: 2, in: dir)

        let second = try losses("straight.jsonl", in: dir).filter { $0[0] > 6 }
        expectClose(try losses("from-mpi.jsonl", in: dir), second, "saved under MPI, resumed alone")
        expectClose(try losses("to-mpi.jsonl", in: dir), second, "saved alone, resumed under MPI")
        let straight = try SafeTensorsFile(path: dir.appendingPathComponent("straight.ckpt").path)
        for name in ["from-mpi.ckpt", "to-mpi.ckpt"] {
            let resumed = try SafeTensorsFile(path: dir.appendingPathComponent(name).path)
            #expect(resumed.metadata["run"] == straight.metadata["run"], "\(name): step and generators")
        }
    }

    @Test func ranksHoldingDifferentParametersStopAtTheNextEvaluation() throws {
        let dir = prepared()
        let setup = Self.setup(accumulation: 2)
        let r = try runMPI([["-c", setup + "\neval"], ["-c", setup.replacingOccurrences(of: "seed=5", with: "seed=6") + "\neval"]], directory: dir)
        #expect(r.status == 1, "\(r.err)")
        // Both ranks see the mismatch; which of them reports it before MPI_Abort ends the job may vary.
        #expect(r.err.contains("<command>:5:1: error: at step 0 the parameters differ between the 2 ranks"), "\(r.err)")
    }

    /// Rank 0 would wait for rank 1 in its first allreduce forever; MPI_Abort ends it.
    @Test func oneRankFailingEndsEveryRank() throws {
        let dir = prepared()
        let r = try runMPI([["-c", Self.setup(accumulation: 2) + "\ntrain 1000000"],
                            ["-c", "load corpus missing.txt"]], directory: dir)
        #expect(r.status == 1, "\(r.err)")
        #expect(r.err.contains("rank 1: <command>:1:13: error: cannot read"), "\(r.err)")
        #expect(!r.out.contains("step 1000000"))
    }

    /// Rank 0 alone writes; when that fails it must still meet the others after the save, and
    /// then all stop and the job ends.
    @Test func aSaveFailingOnRankZeroEndsTheJob() throws {
        let dir = prepared()
        write("", to: "taken", in: dir)
        let script = Self.setup(accumulation: 2) + "\ntrain 6 save_every=2 path=taken/{step}.ckpt"
        let r = try runMPI(Array(repeating: ["-c", script], count: 2), directory: dir)
        #expect(r.status == 1, "the failing rank's status: \(r.err)")
        #expect(r.err.contains("<command>:5:27: error: cannot save to 'taken/2.ckpt'"), "\(r.err)")
        #expect(!r.err.contains("rank 1:"), "rank 1 has nothing to report: \(r.err)")
    }

    /// The ranks reduce the loss before they test it: every rank that reports the divergence
    /// names the same step, and the job ends rather than waits.
    @Test func aDivergenceEndsEveryRank() throws {
        let dir = prepared()
        let script = Self.setup(accumulation: 2) + "\ntrain 3\nset lr=1e5 grad_clip=0 warmup_iters=0\ntrain 20"
        let r = try runMPI(Array(repeating: ["-c", script], count: 2), directory: dir)
        #expect(r.status == 1, "\(r.err)")
        let steps = r.err.matches(of: #/<command>:7:1: error: step (\d+): the loss is/#).map { Int($0.1)! }
        #expect(!steps.isEmpty && Set(steps).count == 1, "\(r.err)")
    }

    @Test func anAccumulationTheRanksCannotShareIsRefused() throws {
        let dir = prepared()
        let r = try runMPI(Array(repeating: ["-c", Self.setup(accumulation: 3) + "\ntrain 2"], count: 2), directory: dir)
        #expect(r.status == 1, "\(r.err)")
        #expect(r.err.contains("<command>:5:1: error: gradient_accumulation_steps is 3, which 2 ranks cannot share"), "\(r.err)")
    }

    @Test func standardInputIsRefusedUnderSeveralRanks() throws {
        let r = try runMPI([[], []], directory: prepared())
        #expect(r.status == 2)
        #expect(r.err.contains("under mpirun give the commands as script files or with -c"), "\(r.err)")
    }
}
