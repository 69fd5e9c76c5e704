import Foundation
import GPTEngine
import Testing
@testable import GPTShell

@Suite struct CommandTests {
    @Test func loadCorpusReportsTheSplit() {
        let dir = temporaryDirectory()
        write("abcdefghij", to: "ten.txt", in: dir)
        let h = Harness()
        #expect(h.run("load corpus \(dir.path)/ten.txt val=0.2") == .finished)
        #expect(h.out == "corpus \(dir.path)/ten.txt: 10 characters, 10 distinct; 8 train, 2 val\n")
        #expect(h.session.corpus?.valFraction == 0.2)
    }

    @Test func loadCorpusFailuresChangeNothing() {
        let dir = temporaryDirectory()
        let good = write("hello world", to: "good.txt", in: dir)
        let bad = dir.appendingPathComponent("bad.txt").path
        try! Data([0x61, 0xFF]).write(to: URL(fileURLWithPath: bad))
        let h = Harness()
        h.run("load corpus \(good)")
        #expect(h.run("load corpus \(bad)") == .failed)
        #expect(h.err.contains("<command>:1:13: error: '\(bad)' is not valid UTF-8 text"))
        #expect(h.run("load corpus \(dir.path)/missing.txt") == .failed)
        #expect(h.err.contains("cannot read"))
        #expect(h.session.corpus?.path == good)
    }

    @Test func tokenizerNeedsACorpusFirst() {
        let h = Harness()
        #expect(h.run("tokenizer char") == .failed)
        #expect(h.err == "<command>:1:1: error: no corpus loaded: run `load corpus PATH` first\n")
        #expect(h.session.tokenizer == nil)
    }

    @Test func tokenizerCharEncodesTheCorpus() {
        let dir = temporaryDirectory()
        let h = Harness()
        h.run("load corpus \(write("abcabcabcd", to: "c.txt", in: dir)) val=0.1\ntokenizer char")
        #expect(h.out.hasSuffix("char tokenizer: 4 tokens in the vocabulary; corpus encoded as 10 tokens (9 train, 1 val)\n"))
        #expect(h.session.tokenizer?.vocabSize == 4)
    }

    @Test func setForms() {
        let h = Harness()
        #expect(h.run("set lr 0.01\nset n_layer=2 n_embd=64 batch_size=1_000") == .finished)
        #expect(h.session.hyper.learningRate == 0.01)
        #expect(h.session.hyper.nLayer == 2 && h.session.hyper.nEmbd == 64 && h.session.hyper.batchSize == 1000)
        #expect(h.out.contains("learning_rate = 0.01 (default 0.001)\n"))
        h.clear()
        h.run("set lr")
        #expect(h.out == "learning_rate = 0.01 (default 0.001): peak learning rate\n")
        h.clear()
        h.run("set")
        let lines = h.out.split(separator: "\n")
        #expect(lines.count == Hyperparameters.specs.count + 1)
        #expect(lines[0].hasPrefix("KEY"))
        #expect(lines.contains { $0.hasPrefix("learning_rate (lr)") && $0.contains("0.01 *") })
    }

    @Test func aBadSetChangesNothing() {
        let h = Harness()
        let before = h.session.hyper
        #expect(h.run("set lr=0.5 n_head=3", keepGoing: true) == .failed)
        #expect(h.err.contains("n_embd (128) must be divisible by n_head (3)"))
        #expect(h.run("set lr=0.5 n_layer=0", keepGoing: true) == .failed)
        #expect(h.run("set lr 0.5 n_layer=2", keepGoing: true) == .failed)
        #expect(h.err.contains("<command>:1:12: error: write either"))
        #expect(h.run("set lr", keepGoing: true) == .finished)
        #expect(h.session.hyper == before)
    }

    @Test func architectureChangesWaitForTheNextInit() {
        let (h, _) = readyHarness()
        #expect(h.run("set batch_size=3 n_layer=2") == .finished, "\(h.err)")
        #expect(h.out.contains("the model keeps its shape (1 layer, 2 heads, 8 wide, block 8) until `init` builds a new one with the new n_layer"))
        #expect(h.session.hyper.batchSize == 3 && h.session.hyper.nLayer == 2)
        #expect(h.session.model!.config.nLayer == 1)
        #expect(h.run("train 1") == .finished)
        #expect(h.run("init n_head=4 n_embd=16") == .finished, "\(h.err)")
        #expect(h.session.model!.config.nLayer == 2 && h.session.model!.config.nHead == 4 && h.session.model!.config.nEmbd == 16)
        #expect(h.session.pendingArchitecture.isEmpty)
        #expect(h.run("init n_head=3") == .failed)
        #expect(h.err.contains("n_embd (16) must be divisible by n_head (3)"))
        #expect(h.session.hyper.nHead == 4, "a failed init sets nothing")
    }

    @Test func settingsThatLookUnintendedAreWarnedAbout() {
        let h = Harness()
        #expect(h.run("set lr_decay_iters=0") == .finished)
        #expect(h.err.contains("<command>:1:1: warning: lr_decay_iters (0) is not after warmup_iters (100): after warmup the learning rate is min_lr (0.0001) throughout"), "\(h.err)")
        h.clear()
        #expect(h.run("set lr_decay_iters=2000 min_lr=0.01") == .finished)
        #expect(h.err.contains("warning: min_lr (0.01) is above learning_rate (0.001)"), "\(h.err)")
        h.clear()
        #expect(h.run("set min_lr=1e-4 batch_size=4") == .finished)
        #expect(h.err.isEmpty)
    }

    @Test(arguments: [("max_iters", "give the steps to `train N`"), ("device", "gptsh runs on the CPU only")])
    func nanoGPTSettingsWeLackSaySo(key: String, says: String) {
        let h = Harness()
        #expect(h.run("set \(key)=0.1") == .failed)
        #expect(h.err.contains("'\(key)' is a nanoGPT setting gptsh does not have: "), "\(h.err)")
        #expect(h.err.contains(says))
    }

    @Test func dropoutIsASettingWithNanoGPTsRange() {
        let h = Harness()
        #expect(h.run("set dropout=0.1") == .finished, "\(h.err)")
        #expect(h.session.hyper.dropoutRate == 0.1)
        #expect(h.run("set dropout=1") == .failed)
        #expect(h.err.contains("dropout"), "\(h.err)")
        #expect(h.session.hyper.dropoutRate == 0.1, "a refused value leaves the setting")
    }

    @Test func initNeedsATokenizer() {
        let h = Harness()
        #expect(h.run("init") == .failed)
        #expect(h.err.contains("no tokenizer: run `tokenizer char`"))
    }

    @Test func initBuildsAModel() {
        let (h, _) = readyHarness()
        #expect(h.run("init seed=42") == .finished)
        #expect(h.out.hasPrefix("model: 1 layer, 2 heads, 8 wide, block 8, vocabulary "))
        #expect(h.out.contains("parameters (seed 42)"))
        #expect(h.session.hyper.seed == 42)
    }

    @Test func trainBeforeInitSaysWhatToDo() {
        let h = Harness()
        #expect(h.run("train 10") == .failed)
        #expect(h.err == "<command>:1:1: error: no model: run `init` (or `load PATH`) first\n")
    }

    @Test func trainLogsAndContinuesTheStepCount() throws {
        let (h, _) = readyHarness()
        #expect(h.run("train 4 log_interval=2 eval_interval=2") == .finished)
        let lines = h.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        let log = try Regex(#"^step 2/4  loss \d+\.\d{4}  lr \d\.\de-\d\d  \d+\.\d ms/step  [\d.]+[kM]? tok/s$"#)
        #expect(lines[0].wholeMatch(of: log) != nil, "\(lines[0])")
        #expect(lines[1].hasPrefix("step 2  train loss "))
        #expect(lines[3].hasPrefix("step 4  train loss ") && lines[3].contains("  val loss "))
        #expect(h.session.iteration == 4)
        // The overrides were for that run only.
        #expect(h.session.hyper.logInterval == 0)
        h.clear()
        h.run("train 3")
        #expect(h.session.iteration == 7)
        #expect(h.out.hasPrefix("step 7  train loss"))
    }

    @Test func quietTrainingPrintsOnlyTheResult() {
        let (h, _) = readyHarness(quiet: true)
        h.run("train 4 log_interval=1 eval_interval=2")
        #expect(h.out.split(separator: "\n").count == 1)
        #expect(h.out.hasPrefix("step 4  train loss"))
    }

    @Test func aStopRequestEndsTrainingAtAStepBoundary() {
        let (h, _) = readyHarness()
        var polls = 0
        h.shell.shouldStop = {
            polls += 1
            return polls > 3
        }
        #expect(h.run("train 100; echo never") == .interrupted)
        #expect(h.session.iteration == 3)
        #expect(h.err == "interrupted at step 3 (3 of 100 steps done)\n")
        #expect(!h.out.contains("never"))
    }

    @Test func aStopRequestEndsSamplingBetweenTokens() {
        let (h, _) = readyHarness()
        var polls = 0
        h.shell.shouldStop = {
            polls += 1
            return polls > 5
        }
        #expect(h.run("sample 50 prompt=\"the \"") == .interrupted)
        #expect(h.out.hasPrefix("the ") && h.out.hasSuffix("\n"))
        #expect(h.err == "interrupted after 5 of 50 tokens\n")
    }

    @Test func evalReportsBothLosses() throws {
        let (h, _) = readyHarness()
        #expect(h.run("eval iters=2") == .finished)
        #expect(h.out.wholeMatch(of: try Regex(#"step 0  train loss \d\.\d{4}  val loss \d\.\d{4}\n"#)) != nil)
        #expect(h.session.metrics.evaluations.count == 1)
    }

    @Test func sampleStreamsThePromptAndItsContinuation() {
        let (h, _) = readyHarness()
        #expect(h.run("sample 20 prompt=\"the \" seed=5 temperature=0.5 top_k=3") == .finished)
        #expect(h.out.hasPrefix("the "))
        #expect(h.out.hasSuffix("\n"))
        let first = h.out
        h.clear()
        h.run("sample 20 prompt=\"the \" seed=5 temperature=0.5 top_k=3")
        #expect(h.out == first)
    }

    @Test func aPromptOutsideTheVocabularyNamesTheCharacter() {
        let (h, _) = readyHarness()
        #expect(h.run("sample 5 prompt=\"the 猫\"") == .failed)
        #expect(h.err.contains("<command>:1:17: error: the prompt has a character '猫' (U+732B) at offset 4"))
        #expect(h.out.isEmpty)
    }

    @Test func sampleNeedsAModel() {
        let h = Harness()
        #expect(h.run("sample 5") == .failed)
        #expect(h.err.contains("no model: run `init`"))
    }

    @Test func checkpointErrorsPointAtThePath() {
        let (h, dir) = readyHarness()
        #expect(h.run("save \(dir.path)/m.ckpt") == .finished, "\(h.err)")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/m.ckpt"))
        #expect(h.run("save \(dir.path)/tiny.txt/m.ckpt") == .failed, "a file stands where the folder would be")
        #expect(h.err.hasPrefix("<command>:1:6: error: cannot save to "), "\(h.err)")
        h.clear()
        #expect(h.run("load \(dir.path)/none.ckpt") == .failed)
        #expect(h.err.hasPrefix("<command>:1:6: error: "))
    }

    @Test func showEachTopic() {
        let h = Harness()
        h.run("show model; show corpus; show tokenizer; show stats")
        #expect(h.out.contains("no model yet: run `init` or `load PATH`"))
        #expect(h.out.contains("no corpus yet"))
        #expect(h.out.contains("no tokenizer yet"))
        let (ready, _) = readyHarness()
        ready.run("train 2; show model; show corpus; show tokenizer; show stats; show config")
        #expect(ready.out.contains("n_layer     1\n"))
        #expect(ready.out.contains("step        2\n"))
        #expect(ready.out.contains("kind        char\n"))
        #expect(ready.out.contains("tokens seen    32\n"))
        #expect(ready.out.contains("batch_size                   2\n"))
    }

    @Test func assertComparesAndReportsBothValues() {
        let (h, _) = readyHarness()
        #expect(h.run("assert step == 0; assert params > 100; assert vocab_size >= 10") == .finished)
        #expect(h.out.contains("ok: step = 0 == 0"))
        #expect(h.run("assert val_loss < 2") == .failed)
        #expect(h.err.contains("<command>:1:8: error: val_loss is not known yet: run `train` or `eval` first"))
        h.clear()
        h.run("train 2; assert val_loss < 0.5")
        #expect(h.err.contains(#/<command>:1:10: error: assertion failed: val_loss < 0.5: val_loss is \d\.\d{4}/#))
    }

    @Test(arguments: [
        ("assert", "`assert` needs EXPR (QUANTITY OP NUMBER)"),
        ("assert step", "write `assert QUANTITY OP NUMBER`"),
        ("assert step == 1 2", "write `assert QUANTITY OP NUMBER`"),
        ("assert stpe == 1", "unknown quantity 'stpe' (did you mean 'step'?)"),
        ("assert step = 1", "use '==' to compare"),
        ("assert step is 1", "expected a comparison"),
        ("assert step == x", "the bound must be a number"),
    ])
    func malformedAssertions(text: String, message: String) {
        let h = Harness()
        #expect(h.run(text) == .failed)
        #expect(h.err.contains(message), "\(h.err)")
    }

    @Test func echoPrintsItsWords() {
        let h = Harness(quiet: true)
        h.run("echo hello   \"big  world\" '\\n' k=v; echo")
        #expect(h.out == "hello big  world \\n k=v\n\n")
    }

    @Test func runResolvesPathsFromTheIncludingScript() throws {
        let dir = temporaryDirectory()
        write(tinyCorpus, to: "sub/data.txt", in: dir)
        write("load corpus data.txt\nrun deeper/last.gpt\n", to: "sub/inner.gpt", in: dir)
        write("echo from the last one\n", to: "sub/deeper/last.gpt", in: dir)
        let outer = write("run sub/inner.gpt\necho back\n", to: "outer.gpt", in: dir)
        let h = Harness()
        #expect(try h.shell.runScript(at: outer) == .finished)
        #expect(h.out.contains("corpus \(dir.path)/sub/data.txt"))
        #expect(h.out.hasSuffix("from the last one\nback\n"))
    }

    @Test func errorsInsideARunNameTheirFile() throws {
        let dir = temporaryDirectory()
        write("echo one\nbogus\necho two\n", to: "inner.gpt", in: dir)
        let outer = write("run inner.gpt\necho after\n", to: "outer.gpt", in: dir)
        let h = Harness()
        #expect(try h.shell.runScript(at: outer) == .failed)
        #expect(h.err == "\(dir.path)/inner.gpt:2:1: error: unknown command 'bogus'; `help` lists the commands\n")
        #expect(h.out.isEmpty, "the script was checked whole before its first command")
        #expect(h.run("run \(dir.path)/nope.gpt") == .failed)
        #expect(h.err.contains("<command>:1:5: error: cannot open"))
    }

    @Test func aScriptThatRunsItselfStops() throws {
        let dir = temporaryDirectory()
        let path = write("run self.gpt\n", to: "self.gpt", in: dir)
        let h = Harness()
        #expect(try h.shell.runScript(at: path) == .failed)
        #expect(h.err.contains("nested more than 32 deep"))
    }

    @Test func helpListsAndExplains() {
        let h = Harness(terminal: TerminalInfo(statusLine: false, colorOnStdout: false, colorOnStderr: false, columns: { 300 }))
        h.run("help")
        #expect(h.out.split(separator: "\n").count == CommandSpec.table.count + 1)
        #expect(h.out.contains(#/\ntrain N \[KEY=VALUE ...\] +take N more optimizer steps\n/#))
        #expect(h.out.contains(#/\nquit +leave gptsh \(also: exit\)\n/#))
        h.clear()
        h.run("help sample")
        #expect(h.out.hasPrefix("usage: sample N [prompt=\"TEXT\"|@FILE] [temperature=T] [OPTION=VALUE ...]\n"))
        #expect(h.out.contains("\n  cache=true|false "))
        #expect(h.out.contains("example: sample 200"))
        h.clear()
        h.run("help load")
        #expect(h.out.contains("usage: load corpus PATH [val=F]") && h.out.contains("usage: load PATH"))
        #expect(h.run("help trian") == .failed)
        #expect(h.err.contains("no command 'trian' (did you mean 'train'?)"))
    }

    @Test(arguments: [("load hf", "usage: load hf DIR\n"), ("tokenizer bpe", "usage: tokenizer bpe vocab=N"),
                      ("log off", "usage: log off\n"), ("history save", "usage: history save PATH\n")])
    func helpExplainsACommandOfTwoWords(words: String, usage: String) {
        let h = Harness()
        #expect(h.run("help \(words)") == .finished, "\(h.err)")
        #expect(h.out.hasPrefix(usage), "\(h.out)")
        #expect(h.out.components(separatedBy: "usage: ").count == 2, "only that command")
        #expect(h.run("help load hff") == .failed)
        #expect(h.err.contains("`load` has no sub-command 'hff' (did you mean 'load hf'?); it has: corpus, pairs, hf"), "\(h.err)")
    }

    @Test(arguments: [80, 140, 50])
    func helpIsWrappedToTheTerminalAtSpaces(columns: Int) {
        let h = Harness(terminal: TerminalInfo(statusLine: false, colorOnStdout: false, colorOnStderr: false, columns: { columns }))
        h.run("help; help train; help sample; help tokenizer bpe")
        let lines = h.out.split(separator: "\n")
        #expect(lines.allSatisfy { $0.count < columns || !$0.contains(" ") }, "\(lines.filter { $0.count >= columns })")
        // Every word of the summaries and details is there whole.
        let words = Set(h.out.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        for spec in [CommandSpec.train, CommandSpec.sample] {
            for word in ((spec.details ?? "") + " " + spec.summary).split(separator: " ") where word.count > 1 {
                #expect(words.contains(String(word)) || words.contains(String(word) + "."), "\(word)")
            }
        }
    }

    @Test func showAloneSummarisesTheSession() {
        let h = Harness()
        #expect(h.run("show") == .finished)
        #expect(h.out.contains("corpus     none: `load corpus PATH`\n"), "\(h.out)")
        let (ready, _) = readyHarness()
        ready.run("train 2; show")
        #expect(ready.out.contains("model      1 layer, 2 heads, 8 wide, block 8: "), "\(ready.out)")
        #expect(ready.out.contains("training   step 2, train loss "))
    }

    @Test func quitStopsEverything() {
        let h = Harness()
        #expect(h.run("echo a; quit; echo b\necho c") == .quit)
        #expect(h.out == "a\n")
        #expect(h.shell.quitRequested)
    }

    @Test func keepGoingRunsPastFailures() {
        let h = Harness()
        #expect(h.run("echo a\nbogus\necho b", keepGoing: true) == .failed)
        #expect(h.out == "a\nb\n")
        #expect(h.shell.failures == 1)
    }

    @Test func aLineIsCheckedBeforeAnyOfItRuns() {
        let h = Harness()
        #expect(h.run("set lr=0.5; set bogus=1") == .failed)
        #expect(h.session.hyper.learningRate == 0.001)
    }
}
