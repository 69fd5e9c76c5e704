import Foundation
import Testing
@testable import GPTShell

/// The shell's side of pairs: `load pairs`, the masked loss in train/eval/score, `answer`.
@Suite(.serialized) struct PairsCommandTests {
    let pairs = "ab\txy\nba\tyx\n"
    let settings = "set n_layer=2 n_head=2 n_embd=32 block_size=8 batch_size=4 lr=3e-3 min_lr=3e-3 warmup_iters=0 eval_iters=2 eval_interval=0 log_interval=100 threads=1"

    @Test func trainsOnPairsReportingTheMaskedLossAndAnswers() throws {
        let dir = temporaryDirectory()
        let path = write(pairs, to: "p.tsv", in: dir)
        let h = Harness()
        let outcome = h.run("load pairs \(path) val=0\ntokenizer char\n\(settings)\ninit seed=1\ntrain 400\neval\nscore train\nanswer \"ab\" temperature=0\nanswer \"ba\" temperature=0")
        #expect(outcome == .finished, Comment(rawValue: h.err))
        #expect(h.out.contains("pairs \(path): 2 (2 train, 0 val)"))
        #expect(h.out.contains("step 400/400  masked loss "))
        #expect(h.out.contains("masked train loss "))
        #expect(h.out.contains("response-only (masked)"))
        #expect(h.out.hasSuffix("xy\nyx\n"), Comment(rawValue: h.out))
    }

    @Test func answerNeedsAModelTrainedOnPairs() {
        let (h, _) = readyHarness()
        #expect(h.run("answer \"the\"") == .failed)
        #expect(h.err.contains("`answer` needs a model trained on pairs"))
    }

    @Test func parseErrorsPointIntoThePairsFile() {
        let dir = temporaryDirectory()
        let path = write("{\"prompt\": \"a\", \"response\": \"b\"}\n{\"prompt\": \"a\" \"response\": \"b\"}\n", to: "p.jsonl", in: dir)
        let h = Harness()
        #expect(h.run("load pairs \(path)") == .failed)
        #expect(h.err.contains("\(path):2:16: expected ',' or '}' after a member"), Comment(rawValue: h.err))
        #expect(h.session.corpus == nil)
    }
}

/// A sub-prompt that types `lines` in turn.
private final class TypedPairs {
    var lines: [PromptedLine]
    init(_ lines: [PromptedLine]) { self.lines = lines }
    func read(_ prompt: String) -> PromptedLine { lines.isEmpty ? .end : lines.removeFirst() }
}

@Suite(.serialized) struct PairsChatTests {
    @Test func chatAnswersEachLineAloneInThePairsFormat() throws {
        let dir = temporaryDirectory()
        let path = write("ab\txy\nba\tyx\n", to: "p.tsv", in: dir)
        let h = Harness(quiet: true)
        let settings = "set n_layer=2 n_head=2 n_embd=32 block_size=8 batch_size=4 lr=3e-3 min_lr=3e-3 warmup_iters=0 eval_iters=0 log_interval=0 threads=1"
        #expect(h.run("load pairs \(path) val=0\ntokenizer char\n\(settings)\ninit seed=1\ntrain 400") == .finished, Comment(rawValue: h.err))
        h.clear()
        h.shell.promptReader = TypedPairs([.line("ba"), .line("ab"), .line("")]).read
        #expect(h.run("chat temperature=0") == .finished, Comment(rawValue: h.err))
        // Each reply is the trained response alone: a conversation carried over would put
        // "ba\nyx\n" before "ab" and the model has never seen that.
        #expect(h.out == "yx\nxy\n", Comment(rawValue: h.out))
    }
}
