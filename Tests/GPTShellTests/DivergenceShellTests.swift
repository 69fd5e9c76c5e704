import Testing
@testable import GPTShell

@Suite struct DivergenceShellTests {
    @Test func aDivergedRunFailsWithTheEnginesMessageAndTheSessionGoesOn() {
        let (h, _) = readyHarness()
        #expect(h.run("train 3") == .finished)
        h.clear()
        #expect(h.run("set lr=1e5 grad_clip=0 warmup_iters=0; train 20") == .failed)
        #expect(h.err.contains(#/<command>:1:\d+: error: step \d+: the loss is/#), "\(h.err)")
        #expect(h.err.contains(#/the last good loss was [^ ]+ at step \d+\. The model and optimizer are back at step \d+/#))
        #expect(h.err.components(separatedBy: "\n").count == 2, "one line: \(h.err)")
        let restored = h.session.iteration
        let finite = h.session.model!.params.array.allSatisfy { $0.isFinite }
        #expect(finite)
        h.clear()
        #expect(h.run("set lr=1e-3; train 5 log_interval=1") == .finished, "\(h.err)")
        #expect(h.session.iteration == restored + 5)
        #expect(h.session.metrics.steps.suffix(5).allSatisfy { $0.loss.isFinite })
    }

    @Test func skipNonfiniteTakesTrueAndFalseAndShowStatsCountsTheSkips() {
        let (h, _) = readyHarness()
        #expect(h.run("set skip_nonfinite=true") == .finished, "\(h.err)")
        #expect(h.out.contains("skip_nonfinite = true (default false)"))
        h.clear()
        #expect(h.run("set skip_nonfinite false; set skip_nonfinite") == .finished, "\(h.err)")
        #expect(h.out.contains("skip_nonfinite = false (default false): skip steps"))
        #expect(h.run("set skip_nonfinite=maybe") == .failed)
        #expect(h.err.contains("skip_nonfinite must be true or false, got 'maybe'"))
        #expect(h.run("set lr=true") == .failed)
        #expect(h.err.contains("lr must be a number, got 'true'"))
        h.clear()
        #expect(h.run("train 3; set lr=1e5 grad_clip=0 warmup_iters=0 skip_nonfinite=true; train 20") == .finished, "\(h.err)")
        #expect(h.err.contains("skipped: loss"))
        let skipped = h.session.metrics.skippedSteps
        #expect(skipped > 0)
        h.clear()
        h.run("show stats")
        #expect(h.out.contains("skipped steps  \(skipped)\n"))
        h.clear()
        h.run("show config")
        #expect(h.out.contains(#/skip_nonfinite +true/#))
    }
}
