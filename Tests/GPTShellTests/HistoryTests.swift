import Foundation
import GPTEngine
import Testing
@testable import GPTShell

@Suite struct HistoryTests {
    @Test func historyListsWhatRanAsTyped() {
        let (h, _) = readyHarness()
        h.run("train 2;   show stats\nbogus\nset lr=2e-3 \\\n  warmup_iters=5", keepGoing: true)
        h.clear()
        h.run("history")
        // readyHarness's own commands come first.
        let lines = h.out.split(separator: "\n").map(String.init)
        #expect(lines.suffix(3) == ["   5  train 2", "   6  show stats", "   7  set lr=2e-3 warmup_iters=5"])
    }

    @Test func aSavedHistoryReplaysTheSameLosses() throws {
        let dir = temporaryDirectory()
        let corpus = write(tinyCorpus, to: "data/tiny.txt", in: dir)
        let first = Harness()
        let session = """
            load corpus \(corpus)
            tokenizer char
            \(tinySettings) threads=1
            init seed=3
            help train
            train 6 log_interval=2 eval_interval=3
            show stats; plot
            set lr=2e-3
            sample 5 seed=1
            eval
            train 4 log_interval=1 sample_every=2 sample_len=4
            set lr
            history
            """
        #expect(first.run(session) == .finished, "\(first.err)")
        let script = dir.appendingPathComponent("replay/session.gpt").path
        try FileManager.default.createDirectory(atPath: dir.appendingPathComponent("replay").path, withIntermediateDirectories: true)
        #expect(first.run("history save \(script)") == .finished, "\(first.err)")
        let text = try String(contentsOfFile: script, encoding: .utf8)
        #expect(text.hasPrefix("#!/usr/bin/env gptsh\n"))
        let commands = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        for shown in ["help", "show", "plot", "history"] { #expect(!commands.contains { $0.hasPrefix(shown) }, "\(shown) left out") }
        #expect(!commands.contains("set lr"))
        #expect(text.contains("load corpus \(corpus)\n"))
        #expect(text.contains("train 4 log_interval=1 sample_every=2 sample_len=4\n"))

        let replay = Harness()
        #expect(try replay.shell.runScript(at: script) == .finished, "\(replay.err)")
        #expect(replay.session.iteration == 10)
        #expect(replay.session.metrics.steps.map(\.loss) == first.session.metrics.steps.map(\.loss))
        #expect(replay.session.metrics.evaluations == first.session.metrics.evaluations)
    }

    @Test func relativePathsBecomeAbsoluteAndAnInterruptedRunKeepsItsSteps() throws {
        let dir = temporaryDirectory()
        write(tinyCorpus, to: "tiny.txt", in: dir)
        write("\(tinySettings)\n", to: "settings.gpt", in: dir)
        // Paths in a script are relative to its directory; the commands of `run` are not listed.
        let script = write("load corpus tiny.txt\ntokenizer char\nrun settings.gpt\ninit\n", to: "session.gpt", in: dir)
        let h = Harness()
        #expect(try h.shell.runScript(at: script) == .finished, "\(h.err)")
        var polls = 0
        h.shell.shouldStop = {
            polls += 1
            return polls > 3
        }
        #expect(h.run("train 100") == .interrupted)
        h.shell.shouldStop = { false }
        h.shell.wasInterrupted = false
        let saved = dir.appendingPathComponent("again.gpt").path
        #expect(h.run("history save \(saved)") == .finished, "\(h.err)")
        let lines = try String(contentsOfFile: saved, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.dropFirst(2) == ["load corpus \(dir.path)/tiny.txt", "tokenizer char",
                                       "run \(dir.path)/settings.gpt", "init", "train 3"])
    }

    @Test func aDivergedRunIsReplayedWithTheStepsItKept() throws {
        let (h, dir) = readyHarness()
        h.run("set threads=1; train 3")
        h.run("set lr=1e5 grad_clip=0 warmup_iters=0; train 20")
        let kept = h.session.iteration - 3
        #expect(kept >= 0)
        h.clear()
        h.run("history")
        #expect(h.out.contains("train 20  (failed)"))
        let path = dir.appendingPathComponent("s.gpt").path
        h.run("history save \(path)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        if kept > 0 {
            #expect(text.contains("# `train 20` failed after the steps below, which it kept:\ntrain \(kept)\n"), "\(text)")
        }
        let replay = Harness()
        #expect(try replay.shell.runScript(at: path) == .finished, "\(replay.err)")
        #expect(replay.session.iteration == h.session.iteration)
        #expect(replay.session.model!.params.array == h.session.model!.params.array)
        replay.run("set lr=1e-3; train 2")
        h.run("set lr=1e-3; train 2")
        #expect(replay.session.model!.params.array == h.session.model!.params.array, "the batch order was put back too")
    }

    /// Every kind of command, from a script with relative paths; the saved history, replayed by a
    /// new gptsh in another folder, rebuilds the same model, step and tokenizer.
    @Test func aSessionOfEveryKindReplaysToTheSameStateInANewProcess() throws {
        let dir = temporaryDirectory()
        write(tinyCorpus, to: "data/tiny.txt", in: dir)
        write("the cat", to: "p.txt", in: dir)
        write("the dog sat", to: "s.txt", in: dir)
        let script = write("""
            load corpus data/tiny.txt val=0.2
            tokenizer bpe vocab=260
            encode "Hi"; encode @s.txt
            tokenizer char
            \(tinySettings) threads=1
            init seed=3 n_embd=16
            train 4 sample_every=2 sample_len=3 prompt="the"
            eval
            sample 5 prompt=@p.txt
            sample 3 prompt="the" seed=2
            score val; score @s.txt; score "the cat"
            set lr=2e-3; set lr
            show stats; show; help train; help load hf; plot; plot lr; plot out/loss.svg
            log metrics/m.jsonl
            train 3
            log off
            chat 4
            save ckpt/a.ckpt
            export hf hf-out
            load ckpt/a.ckpt
            train 2 lr=1e-3
            assert step == 9
            echo done
            history
            """, to: "session.gpt", in: dir)
        let first = Harness()
        first.shell.promptReader = { _ in .end }
        #expect(try first.shell.runScript(at: script) == .finished, "\(first.err)")
        // A folder that does not exist yet.
        let saved = dir.appendingPathComponent("out/scripts/replay.gpt").path
        #expect(first.run("history save \(saved)") == .finished, "\(first.err)")
        let text = try String(contentsOfFile: saved, encoding: .utf8)
        let root = dir.path
        #expect(text.contains("load corpus \(root)/data/tiny.txt val=0.2\n"))
        #expect(text.contains("sample 5 prompt=@\(root)/p.txt\n"), "\(text)")
        #expect(text.contains("train 4 sample_every=2 sample_len=3 prompt=\"the\"\n"))
        #expect(text.contains("log \(root)/metrics/m.jsonl\n") && text.contains("plot \(root)/out/loss.svg\n"))
        for left in ["encode", "score", "chat", "show", "help", "history", "echo", "set lr\n", "plot\n", "plot lr\n"] {
            #expect(!text.contains("\n" + left), "\(left) left out")
        }

        let elsewhere = temporaryDirectory()
        let copy = elsewhere.appendingPathComponent("replayed.ckpt").path
        let r = try runGPTSH([saved, "-c", "save \(copy)"], directory: elsewhere)
        #expect(r.status == 0, "\(r.err)")
        let replayed = Session()
        try replayed.load(path: copy)
        #expect(replayed.iteration == first.session.iteration)
        #expect(replayed.model!.params.array == first.session.model!.params.array)
        #expect(replayed.tokenizer!.state == first.session.tokenizer!.state)
        var settings = replayed.hyper
        settings.threads = first.session.hyper.threads
        #expect(settings == first.session.hyper, "the same settings, but for the threads a load keeps")
    }

    @Test func pathsWithSpacesAreQuoted() {
        #expect(SessionHistory.quoted("/a/b c.txt") == "\"/a/b c.txt\"")
        #expect(SessionHistory.quoted("/a/b=c\"d") == "\"/a/b=c\\\"d\"")
        #expect(SessionHistory.quoted("/a/b-c.txt") == "/a/b-c.txt")
    }
}
