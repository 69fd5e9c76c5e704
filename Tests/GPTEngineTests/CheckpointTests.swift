import Foundation
import Testing
@testable import GPTEngine

@Suite(.serialized) struct CheckpointTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-ckpt-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    func session() throws -> Session { try smallTrainingSession(in: dir) }

    @Test func resumeIsBitIdentical() throws {
        let straight = try session()
        try straight.train(steps: 24)
        let first = try session()
        try first.train(steps: 12)
        try first.save(path: path("half.safetensors"))
        let second = Session()
        try second.load(path: path("half.safetensors"))
        #expect(second.iteration == 12)
        try second.train(steps: 12)
        #expect(second.metrics.steps.map(\.loss.bitPattern) == straight.metrics.steps.map(\.loss.bitPattern))
        // The split run also evaluated at the end of its first half (step 12); every other
        // evaluation must agree exactly.
        #expect(second.metrics.evaluations.filter { $0.step != 12 } == straight.metrics.evaluations)
        #expect(second.model!.params.array == straight.model!.params.array)
        #expect(second.optimizer!.v.array == straight.optimizer!.v.array)
    }

    @Test func weightsOnlyLoadsWithFreshOptimizer() throws {
        let s = try session()
        try s.train(steps: 3)
        try s.save(path: path("w.safetensors"), weightsOnly: true)
        let t = Session()
        let report = try t.load(path: path("w.safetensors"))
        #expect(report.weightsOnly)
        #expect(t.iteration == 0 && t.optimizer!.step == 0)
        #expect(t.model!.params.array == s.model!.params.array)
        let file = try SafeTensorsFile(path: path("w.safetensors"))
        #expect(file.tensors.count == s.model!.layout.entries.count)
    }

    @Test func corpusChangeIsAWarningNotAnError() throws {
        let s = try session()
        try s.save(path: path("c.safetensors"))
        let other = path("other.txt")
        try String(repeating: "often have you heard that told; all that glitters. ", count: 30).write(toFile: other, atomically: true, encoding: .utf8)
        let t = Session()
        try t.loadCorpus(path: other)
        let report = try t.load(path: path("c.safetensors"))
        #expect(report.warnings.count == 1)
        #expect(report.warnings[0] == .corpusDiffers(loaded: other, trained: path("corpus.txt")))
    }

    @Test func failedSaveLeavesTheOldFile() throws {
        let s = try session()
        let target = path("keep.safetensors")
        try s.save(path: target)
        let before = try Data(contentsOf: URL(fileURLWithPath: target))
        try s.train(steps: 1)
        // Missing folders are created, but not through a file.
        #expect(throws: EngineError.self) { try s.save(path: path("corpus.txt/keep.safetensors")) }
        // A directory in the way of the rename: the write succeeds, the rename fails.
        try FileManager.default.createDirectory(atPath: path("adir"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: path("adir/x"), withIntermediateDirectories: true)
        #expect(throws: EngineError.self) { try s.save(path: path("adir")) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    // MARK: bad files: each leaves the session exactly as it was

    func expectRejected(_ bytes: [UInt8], containing phrase: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let s = try session()
        try s.train(steps: 2)
        let paramsBefore = s.model!.params.array, iterationBefore = s.iteration
        let bad = path("bad.safetensors")
        try Data(bytes).write(to: URL(fileURLWithPath: bad))
        do {
            try s.load(path: bad)
            Issue.record("a bad file was accepted", sourceLocation: sourceLocation)
        } catch {
            #expect("\(error)".contains(phrase), "message: \(error)", sourceLocation: sourceLocation)
        }
        #expect(s.model!.params.array == paramsBefore && s.iteration == iterationBefore, sourceLocation: sourceLocation)
    }

    func goodFile() throws -> [UInt8] {
        let s = try session()
        try s.save(path: path("good.safetensors"))
        return Array(try Data(contentsOf: URL(fileURLWithPath: path("good.safetensors"))))
    }

    func headerLength(_ b: [UInt8]) -> Int { (0..<8).reversed().reduce(0) { $0 << 8 | Int(b[$1]) } }

    /// Rewrites the JSON header through `edit` and re-frames the file.
    func withHeader(_ b: [UInt8], _ edit: (inout [String: Any]) -> Void) throws -> [UInt8] {
        let n = headerLength(b)
        var header = try JSONSerialization.jsonObject(with: Data(b[8 ..< 8 + n])) as! [String: Any]
        edit(&header)
        var json = Array(try JSONSerialization.data(withJSONObject: header))
        while json.count % 8 != 0 { json.append(0x20) }
        let length = (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) }
        return length + json + Array(b[(8 + n)...])
    }

    @Test func truncatedFile() throws {
        let b = try goodFile()
        try expectRejected(Array(b.prefix(b.count - 100)), containing: "past the end")
        try expectRejected(Array(b.prefix(5)), containing: "shorter than the 8-byte header length")
    }

    @Test func headerLengthLargerThanFileOrLimit() throws {
        var b = try goodFile()
        b[0] = 0xFF; b[1] = 0xFF; b[2] = 0xFF; b[3] = 0x00
        try expectRejected(b, containing: "runs past the end")
        b[3] = 0xFF; b[4] = 0xFF
        try expectRejected(b, containing: "100 MB")
    }

    @Test func notACheckpointOrWrongVersion() throws {
        let b = try goodFile()
        try expectRejected(Array("hello, this is not a checkpoint".utf8), containing: "header length")
        try expectRejected(try withHeader(b) { h in
            var m = h["__metadata__"] as! [String: String]; m["format_version"] = "99"; h["__metadata__"] = m
        }, containing: "format version 99")
        try expectRejected(try withHeader(b) { h in
            var m = h["__metadata__"] as! [String: String]; m["format"] = "x"; h["__metadata__"] = m
        }, containing: "not a gptsh checkpoint")
    }

    @Test func overlappingOrOutOfRangeOffsets() throws {
        let b = try goodFile()
        try expectRejected(try withHeader(b) { h in
            var t = h["ln_f.bias"] as! [String: Any]
            let wte = h["wte.weight"] as! [String: Any]
            let start = (wte["data_offsets"] as! [Int])[0]
            t["data_offsets"] = [start, start + 64]
            h["ln_f.bias"] = t
        }, containing: "overlap")
        try expectRejected(try withHeader(b) { h in
            var t = h["ln_f.bias"] as! [String: Any]
            t["data_offsets"] = [100_000_000, 100_000_064]
            h["ln_f.bias"] = t
        }, containing: "past the end")
    }

    @Test func shapeMismatchAndMissingTensor() throws {
        let b = try goodFile()
        try expectRejected(try withHeader(b) { h in
            var t = h["ln_f.bias"] as! [String: Any]; t["shape"] = [4, 4]; h["ln_f.bias"] = t
        }, containing: "expected [16]")
        try expectRejected(try withHeader(b) { h in
            h["h.1.mlp.c_fc.bias"] = nil
        }, containing: "no tensor 'h.1.mlp.c_fc.bias'")
    }

    @Test func nonFiniteWeights() throws {
        var b = try goodFile()
        let n = headerLength(b)
        let header = try JSONSerialization.jsonObject(with: Data(b[8 ..< 8 + n])) as! [String: Any]
        let start = ((header["wpe.weight"] as! [String: Any])["data_offsets"] as! [Int])[0]
        let nan = Float.nan.bitPattern
        for k in 0..<4 { b[8 + n + start + 4 * 3 + k] = UInt8(truncatingIfNeeded: nan >> (8 * k)) }
        try expectRejected(b, containing: "non-finite")
    }
}

/// A tiny char model on a repeated sentence, written into `dir`, with the settings the
/// checkpoint and resume tests share; `extra` settings follow them.
func smallTrainingSession(in dir: URL, extra: [(String, Double)] = []) throws -> Session {
    let corpus = dir.appendingPathComponent("corpus.txt").path
    if !FileManager.default.fileExists(atPath: corpus) {
        try String(repeating: "all that glitters is not gold; often have you heard that told. ", count: 30)
            .write(toFile: corpus, atomically: true, encoding: .utf8)
    }
    let s = Session()
    try s.loadCorpus(path: corpus, valFraction: 0.2)
    try s.useTokenizer(try s.buildCharTokenizer())
    try s.set([("n_layer", 2), ("n_head", 2), ("n_embd", 16), ("block_size", 8), ("batch_size", 3),
               ("threads", 1), ("log_interval", 1), ("eval_interval", 5), ("eval_iters", 2), ("warmup_iters", 3),
               ("lr_decay_iters", 40)] + extra)
    try s.initModel(seed: 5)
    return s
}
