import Foundation
import Testing
@testable import GPTEngine

/// Fine-tuning a loaded model on a new text: the schedule restarts or continues as asked,
/// `set lr=` takes effect, and text the model's tokenizer lacks is an error that says where.
@Suite(.serialized) struct FineTuneTests {
    let dir: URL

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-finetune-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    /// A model of a text with line breaks, so that new texts of several lines encode.
    func saved() throws -> (Session, String) {
        try String(repeating: "all that glitters is not gold;\noften have you heard that told.\n", count: 15)
            .write(toFile: path("corpus.txt"), atomically: true, encoding: .utf8)
        let s = try smallTrainingSession(in: dir)
        try s.train(steps: 12)
        try s.save(path: path("base.ckpt"))
        return (s, path("base.ckpt"))
    }

    @Test func restartStartsTheScheduleOverWithTheModelKept() throws {
        let (base, file) = try saved()
        let t = Session()
        let report = try t.load(path: file, restartSchedule: true)
        #expect(report.restarted && report.iteration == 0 && t.iteration == 0)
        #expect(t.model!.params.array == base.model!.params.array)
        #expect(t.optimizer!.step == 0 && t.optimizer!.m.array.allSatisfy { $0 == 0 })
        #expect(t.metrics.steps.isEmpty && t.metrics.evaluations.isEmpty)
        try t.train(steps: 2)
        // Warmup again: step 1 runs at the rate of iteration 0.
        #expect(t.metrics.steps.first?.step == 1)
        #expect(t.metrics.steps.first?.lr == t.hyper.schedule.lr(at: 0))
        let u = Session()
        #expect(try u.load(path: file).iteration == 12)
        try u.train(steps: 1)
        #expect(u.metrics.steps.last?.step == 13 && u.metrics.steps.last?.lr == u.hyper.schedule.lr(at: 12))
    }

    @Test func setLRAfterLoadTakesEffect() throws {
        let (_, file) = try saved()
        let t = Session()
        try t.load(path: file)
        try t.set([("learning_rate", 3e-5), ("min_lr", 3e-5), ("warmup_iters", 0)])
        let before = t.model!.params.array
        try t.train(steps: 1)
        #expect(t.metrics.steps.last?.lr == 3e-5)
        // Adam's first steps move each weight by about the rate: 3e-5, not the checkpoint's 1e-3.
        let moved = zip(t.model!.params.array, before).map { abs($0 - $1) }.max()!
        #expect(moved > 0 && moved < 1e-4, "largest change \(moved)")
    }

    @Test func textTheTokenizerLacksIsAnErrorNamingLineAndColumn() throws {
        let (_, file) = try saved()
        let t = Session()
        try t.load(path: file)
        let text = path("new.txt")
        try "all that glitters\nis not Gold\n".write(toFile: text, atomically: true, encoding: .utf8)
        try t.loadCorpus(path: text, valFraction: 0.2)
        let expected = EngineError.cannotEncode(path: text, line: 2, column: 8, character: "G", tokenizer: "char")
        #expect(!t.isEncoded && t.encodingFailure == expected)
        let params = t.model!.params.array
        #expect(throws: expected) { try t.train(steps: 1) }
        #expect(throws: expected) { try t.evaluate(iters: 1) }
        #expect(t.model!.params.array == params && t.iteration == 12)
        // A text it can encode goes on from there.
        try "is not gold; often have you heard that told.\nall that glitters\n".write(toFile: text, atomically: true, encoding: .utf8)
        try t.loadCorpus(path: text, valFraction: 0.2)
        #expect(t.isEncoded && t.encodingFailure == nil)
    }

    @Test func documentsAreLocatedInTheFileItself() throws {
        let t = Session()
        try "all that\n%\nis not gold\n".write(toFile: path("base.txt"), atomically: true, encoding: .utf8)
        try t.loadCorpus(path: path("base.txt"), valFraction: 0, separator: .line("%"))
        try t.useTokenizer(t.buildCharTokenizer())
        let text = path("docs.txt")
        try "all that\n%\n\n%\nis not Gold\n".write(toFile: text, atomically: true, encoding: .utf8)
        try t.loadCorpus(path: text, valFraction: 0, separator: .line("%"))
        #expect(t.encodingFailure == .cannotEncode(path: text, line: 5, column: 8, character: "G", tokenizer: "char"))
    }

    @Test func aHuggingFaceExportFineTunesOnAnotherText() throws {
        let s = Session()
        let first = path("first.txt"), second = path("second.txt")
        try String(repeating: "the cat sat on the mat. the dog sat on the log. ", count: 20).write(toFile: first, atomically: true, encoding: .utf8)
        try String(repeating: "a bird sang in the tree; the sun came up over the hill. ", count: 20).write(toFile: second, atomically: true, encoding: .utf8)
        try s.loadCorpus(path: first, valFraction: 0.1)
        try s.useTokenizer(s.buildByteTokenizer())
        try s.set([("n_layer", 1), ("n_head", 2), ("n_embd", 16), ("block_size", 16), ("batch_size", 4), ("threads", 1),
                   ("learning_rate", 1e-2), ("warmup_iters", 0), ("min_lr", 1e-2), ("eval_interval", 0), ("log_interval", 0), ("eval_iters", 4)])
        try s.initModel(seed: 2)
        try s.train(steps: 60)
        try s.exportHF(directory: path("hf"))
        let t = Session()
        try t.set([("batch_size", 4), ("threads", 1), ("learning_rate", 1e-2), ("warmup_iters", 0), ("min_lr", 1e-2),
                   ("eval_interval", 0), ("log_interval", 0), ("eval_iters", 4)])
        try t.loadHF(directory: path("hf"))
        try t.loadCorpus(path: second, valFraction: 0.1)
        let before = try t.score(split: .val).loss
        try t.train(steps: 60)
        let after = try t.score(split: .val).loss
        #expect(t.iteration == 60 && after < before - 0.5, "val \(before) -> \(after)")
    }
}
