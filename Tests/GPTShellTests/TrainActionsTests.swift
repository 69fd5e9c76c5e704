import Foundation
import Testing
@testable import GPTShell

@Suite struct TrainActionsTests {
    @Test func sampleEveryPrintsASampleAfterThoseSteps() {
        let (h, _) = readyHarness()
        #expect(h.run("train 6 log_interval=3 sample_every=3 sample_len=12 prompt=\"the \"") == .finished, "\(h.err)")
        #expect(h.out.contains("step 3/6  loss"))
        let samples = h.out.components(separatedBy: "sample at step ").dropFirst()
        #expect(samples.map { String($0.prefix(2)) } == ["3:", "6:"])
        for sample in samples { #expect(sample.dropFirst(3).hasPrefix("the ")) }
        // The log line of a step comes before its sample.
        #expect(h.out.range(of: "step 3/6")!.lowerBound < h.out.range(of: "sample at step 3")!.lowerBound)
    }

    @Test func samplingAlongTheWayDoesNotChangeTraining() {
        let (plain, _) = readyHarness()
        let (sampled, _) = readyHarness()
        plain.run("train 8 log_interval=1")
        sampled.run("train 8 log_interval=1 sample_every=2 sample_len=5")
        #expect(plain.session.metrics.steps.map(\.loss) == sampled.session.metrics.steps.map(\.loss))
        #expect(plain.session.metrics.evaluations == sampled.session.metrics.evaluations)
    }

    @Test func saveEveryWritesCheckpointsThatLoad() throws {
        let (h, dir) = readyHarness()
        #expect(h.run("train 5 save_every=2 path=\(dir.path)/ck-{step}.safetensors") == .finished, "\(h.err)")
        #expect(h.out.contains("saved step 2 to \(dir.path)/ck-2.safetensors"))
        #expect(h.out.contains("saved step 4 to"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/ck-5.safetensors"))
        let other = Harness()
        #expect(other.run("load \(dir.path)/ck-4.safetensors") == .finished, "\(other.err)")
        #expect(other.session.iteration == 4)
    }

    @Test func untilStopsAtTheFirstEvaluationWhereItHolds() {
        let (h, _) = readyHarness()
        #expect(h.run("train 100 eval_interval=5 until=\"step >= 10\"") == .finished, "\(h.err)")
        #expect(h.session.iteration == 10)
        #expect(h.out.contains("step 10  train loss"))
        #expect(h.out.contains("stopped early at step 10: step is 10, step >= 10"))
        h.clear()
        h.run("train 10 eval_interval=5 until=\"val_loss < 100\"")
        #expect(h.session.iteration == 15)
        #expect(h.out.contains("stopped early at step 15: val_loss is "))
        #expect(!h.err.contains("interrupted"))
    }

    @Test func patienceStopsWhenTheValidationLossStallsAndGoesBackToTheBest() throws {
        let (h, _) = readyHarness()
        // A high rate overfits the tiny corpus, so the val loss soon stops improving.
        let settings = "set threads=1 lr=3e-2 warmup_iters=0 eval_interval=2"
        #expect(h.run("\(settings); train 400 patience=2") == .finished, "\(h.err)")
        let best = try #require(h.session.metrics.bestValidation)
        #expect(best.step < 400)
        let message = try #require(h.out.split(separator: "\n").first { $0.hasPrefix("stopped early") })
        #expect(message.hasSuffix("the val loss has not improved for 2 evaluations; the best was \(Format.loss(best.valLoss!)) "
            + "at step \(best.step); the model is back at step \(best.step)"), "\(message)")
        #expect(h.session.iteration == best.step)
        #expect(h.session.metrics.evaluations.last == best)

        // The same run stopped at the best step by hand has the same model and goes on the same way.
        let (straight, _) = readyHarness()
        #expect(straight.run("\(settings); train \(best.step)") == .finished)
        #expect(straight.session.model!.params.array == h.session.model!.params.array)
        #expect(straight.session.optimizer!.step == h.session.optimizer!.step)
        h.run("train 3")
        straight.run("train 3")
        #expect(straight.session.model!.params.array == h.session.model!.params.array)
    }

    @Test(arguments: [
        ("train 5 sample_len=3", "sample_len= goes with sample_every="),
        ("train 5 prompt=\"a\"", "prompt= goes with sample_every="),
        ("train 5 path=x.ckpt", "path= goes with save_every="),
        ("train 5 save_every=2", "save_every= goes with path="),
        ("train 5 until=\"val_loss < 1\"", "until= is checked at evaluations, and eval_interval is 0"),
        ("train 5 patience=3", "patience= is checked at evaluations"),
        ("train 5 eval_interval=2 eval_iters=0 patience=3", "patience= is checked at evaluations, and eval_iters is 0"),
        ("train 5 eval_interval=1 until=\"vall_loss < 1\"", "unknown quantity 'vall_loss' (did you mean 'val_loss'?)"),
        ("train 5 eval_interval=1 until=\"val_loss = 1\"", "use '==' to compare"),
        ("train 5 eval_interval=1 until=\"val_loss <\"", "write until=\"QUANTITY OP NUMBER\""),
        ("train 5 sample_every=1 prompt=\"Z\"", "the prompt has a"),
    ])
    func mistakesInTheOptionsStopTheRunBeforeItStarts(line: String, message: String) {
        let (h, _) = readyHarness()
        #expect(h.run(line) == .failed)
        #expect(h.err.contains(message), "\(h.err)")
        #expect(h.session.iteration == 0)
    }

    @Test func anUntilErrorPointsIntoTheString() {
        let (h, _) = readyHarness()
        h.run("train 5 eval_interval=1 until=\"vall_loss < 1\"")
        #expect(h.err.hasPrefix("<command>:1:32: error: unknown quantity"), "\(h.err)")
    }
}
