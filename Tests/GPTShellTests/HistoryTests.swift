import Foundation
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

    @Test func pathsWithSpacesAreQuoted() {
        #expect(SessionHistory.quoted("/a/b c.txt") == "\"/a/b c.txt\"")
        #expect(SessionHistory.quoted("/a/b=c\"d") == "\"/a/b=c\\\"d\"")
        #expect(SessionHistory.quoted("/a/b-c.txt") == "/a/b-c.txt")
    }
}
