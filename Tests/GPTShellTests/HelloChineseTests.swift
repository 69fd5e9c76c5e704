import Foundation
import Testing
@testable import GPTShell

@Suite struct HelloChineseTests {
    /// Issue 4's example, replayed from scripts/hello-zh.gpt as a user would run it.
    @Test func theModelGivesTheFirstSentenceBack() throws {
        let h = Harness(quiet: true)
        let script = packageRoot.appendingPathComponent("scripts/hello-zh.gpt").path
        #expect(try h.shell.runScript(at: script) == .finished, "\(h.err)")
        #expect(h.out.hasSuffix("\n你好，欢迎来到自然语言处理的世界！\n"), "\(h.out)")
        #expect(h.out.contains("\"你\"\n") && h.out.contains("\"好\"\n"), "whole characters are single tokens")
    }

    /// The example as the issue gives it: the two sentences alone, no validation text.
    @Test func theSeedExampleTrainsEveryStepWithoutValidationText() throws {
        let dir = temporaryDirectory()
        let corpus = write("你好，欢迎来到自然语言处理的世界！\n自然语言处理是计算机科学和人工智能领域的重要分支。\n", to: "seed.txt", in: dir)
        let h = Harness()
        let script = """
            load corpus \(corpus) val=0
            tokenizer bpe vocab=300
            set n_layer=1 n_head=2 n_embd=32 block_size=16 batch_size=4 eval_iters=2 eval_interval=20 log_interval=0 threads=1
            set lr=1e-2 warmup_iters=0 lr_decay_iters=200
            init seed=1
            train 200
            sample 40 prompt="你好" temperature=0
            """
        #expect(h.run(script) == .finished, "\(h.err)")
        #expect(h.session.iteration == 200)
        #expect(h.out.contains("the validation text has 0 tokens, fewer than the 17 one window needs: evaluations report the train loss only"))
        #expect(h.out.contains(#/step 20  train loss \d\.\d{4}  no val loss/#))
        #expect(h.out.contains(#/\nstep 200  train loss \d\.\d{4}  no val loss/#))
        #expect(h.out.contains("\n你好"))
        #expect(!h.out.hasSuffix("\u{FFFD}\n"))
        h.clear()
        #expect(h.run("assert val_loss < 1") == .failed)
        #expect(h.err.contains("<command>:1:8: error: there is no validation loss: the validation text has 0 tokens, fewer than the 17"), "\(h.err)")
        h.clear()
        #expect(h.run("train 10 eval_interval=5 until=\"val_loss < 1\"") == .failed)
        #expect(h.err.contains("until= watches val_loss, but there is no validation loss"), "\(h.err)")
        #expect(h.run("train 10 eval_interval=5 patience=2") == .failed)
        #expect(h.session.iteration == 200, "found before the first step")
        h.clear()
        // Evaluations can be turned off altogether.
        #expect(h.run("train 10 eval_iters=0 eval_interval=5") == .finished, "\(h.err)")
        #expect(h.session.iteration == 210 && !h.out.contains("train loss") && !h.out.contains("validation"), "\(h.out)")
        #expect(h.run("set eval_iters=0; eval") == .failed)
        #expect(h.err.contains("eval_iters is 0"))
    }
}
