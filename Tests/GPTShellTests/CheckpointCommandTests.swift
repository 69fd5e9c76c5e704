import Foundation
import GPTEngine
import Testing
@testable import GPTShell

/// `save`, `load`, `show checkpoint`, `export hf` and `load hf` as the shell runs them.
@Suite struct CheckpointCommandTests {
    /// What must survive a failed command unchanged.
    struct Snapshot: Equatable {
        var iteration: Int
        var params: [Float]
        var vocabSize: Int?

        init(_ session: Session) {
            iteration = session.iteration
            params = session.model?.params.array ?? []
            vocabSize = session.tokenizer?.vocabSize
        }
    }

    @Test func saveThenLoadRestoresTheStep() {
        let (h, dir) = readyHarness()
        #expect(h.run("train 3; save \(dir.path)/m.ckpt") == .finished)
        #expect(h.out.contains("saved step 3 to \(dir.path)/m.ckpt ("))
        let saved = Snapshot(h.session)
        let other = Harness()
        #expect(other.run("load \(dir.path)/m.ckpt") == .finished)
        #expect(other.out.contains("loaded \(dir.path)/m.ckpt: "))
        #expect(other.out.contains(" parameters, step 3 ("))
        #expect(other.err.isEmpty)
        #expect(Snapshot(other.session) == saved)
    }

    @Test func weightsOnlyLeavesTheOptimizerOut() throws {
        let (h, dir) = readyHarness()
        #expect(h.run("train 2; save \(dir.path)/w.ckpt weights-only; save \(dir.path)/f.ckpt") == .finished)
        #expect(h.out.contains("saved the weights at step 2 to \(dir.path)/w.ckpt ("))
        let weights = try FileManager.default.attributesOfItem(atPath: "\(dir.path)/w.ckpt")[.size] as! Int
        let full = try FileManager.default.attributesOfItem(atPath: "\(dir.path)/f.ckpt")[.size] as! Int
        #expect(weights < full / 2)
        let other = Harness()
        #expect(other.run("load \(dir.path)/w.ckpt") == .finished)
        #expect(other.out.contains(" parameters, weights only, fresh optimizer at step 0 ("))
        #expect(other.session.model!.params.array == h.session.model!.params.array)
    }

    @Test func saveTakesOnlyWeightsOnly() {
        let (h, dir) = readyHarness()
        #expect(h.run("save \(dir.path)/m.ckpt weights") == .failed)
        #expect(h.err.contains("error: `save` takes one of weights-only, not 'weights' (did you mean 'weights-only'?)"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/m.ckpt"))
        h.clear()
        h.run("help save")
        #expect(h.out.hasPrefix("usage: save PATH [weights-only] [dtype=float32|bfloat16]\n"))
    }

    @Test func saveMakesMissingFolders() {
        let (h, dir) = readyHarness()
        #expect(h.run("save \(dir.path)/runs/today/m.ckpt") == .finished)
        #expect(FileManager.default.fileExists(atPath: "\(dir.path)/runs/today/m.ckpt"))
    }

    @Test func aFailedSaveNamesThePath() {
        let (h, dir) = readyHarness()
        #expect(h.run("save \(dir.path)/tiny.txt/m.ckpt") == .failed)
        #expect(h.err.hasPrefix("<command>:1:6: error: cannot save to '\(dir.path)/tiny.txt/m.ckpt': "), "\(h.err)")
        let none = Harness()
        #expect(none.run("save \(dir.path)/m.ckpt") == .failed)
        #expect(none.err.contains("<command>:1:1: error: no model") || none.err.contains("<command>:1:6: error: no model"))
    }

    @Test func aBadFileIsAnErrorAtThePathAndChangesNothing() throws {
        let (h, dir) = readyHarness()
        h.run("train 2; save \(dir.path)/good.ckpt; train 1")
        let good = try Data(contentsOf: dir.appendingPathComponent("good.ckpt"))
        try good.prefix(good.count / 2).write(to: dir.appendingPathComponent("truncated.ckpt"))
        try Data("not a checkpoint at all".utf8).write(to: dir.appendingPathComponent("text.ckpt"))
        let before = Snapshot(h.session)
        for name in ["truncated.ckpt", "text.ckpt", "missing.ckpt"] {
            h.clear()
            #expect(h.run("echo first; load \(dir.path)/\(name)") == .failed)
            #expect(h.err.hasPrefix("<command>:1:18: error: "), "\(name): \(h.err)")
            #expect(Snapshot(h.session) == before)
        }
        h.clear()
        #expect(h.run("load \(dir.path)/text.ckpt") == .failed)
        #expect(h.err.contains("is not a valid safetensors file"))
        h.clear()
        #expect(h.run("load \(dir.path)") == .failed)
        #expect(h.err == "<command>:1:6: error: '\(dir.path)' is a folder, not a checkpoint (for a Hugging Face model folder use `load hf DIR`)\n")
        #expect(Snapshot(h.session) == before)
    }

    @Test func aScriptNamesItsFileLineAndColumn() {
        let (h, dir) = readyHarness()
        let script = write("echo one\n\nload   broken.ckpt\n", to: "s.gpt", in: dir)
        write("garbage", to: "broken.ckpt", in: dir)
        #expect(h.run("run \(script)") == .failed)
        #expect(h.err.hasPrefix("\(script):3:8: error: "))
    }

    @Test func anotherCorpusIsAWarningWithTheLocation() {
        let (h, dir) = readyHarness()
        h.run("train 1; save \(dir.path)/m.ckpt")
        let changed = write(tinyCorpus + "the end.\n", to: "changed.txt", in: dir)
        let other = Harness()
        #expect(other.run("load corpus \(changed)\ntokenizer char\nload \(dir.path)/m.ckpt") == .finished)
        #expect(other.err == "<command>:3:6: warning: the loaded corpus '\(changed)' differs from the one this checkpoint was trained on ('\(dir.path)/tiny.txt'); training goes on with the loaded one\n")
        #expect(other.session.iteration == 1)
    }

    @Test func anotherSplitIsAWarning() {
        let (h, dir) = readyHarness()
        h.run("train 1; save \(dir.path)/m.ckpt")
        let other = Harness()
        #expect(other.run("load corpus \(dir.path)/tiny.txt val=0.2; load \(dir.path)/m.ckpt") == .finished)
        #expect(other.err.contains("warning: the loaded corpus is split with val=0.2 but this checkpoint was trained with val=0.1"))
    }

    @Test func showCheckpointReadsOnlyTheHeader() {
        let (h, dir) = readyHarness()
        h.run("train 2; save \(dir.path)/m.ckpt; save \(dir.path)/w.ckpt weights-only")
        let before = Snapshot(h.session)
        h.clear()
        #expect(h.run("show checkpoint \(dir.path)/m.ckpt") == .finished)
        #expect(h.out.hasPrefix("file: \(dir.path)/m.ckpt ("))
        #expect(h.out.contains("format: gptsh checkpoint, version \(Checkpoint.version)\n"))
        #expect(h.out.contains("training: step 2, AdamW step 2"))
        h.clear()
        h.run("show checkpoint \(dir.path)/w.ckpt")
        #expect(h.out.contains("training: weights only"))
        h.clear()
        #expect(h.run("show checkpoint \(dir.path)/none.ckpt") == .failed)
        #expect(h.err.hasPrefix("<command>:1:17: error: cannot read '\(dir.path)/none.ckpt'"))
        #expect(Snapshot(h.session) == before)
    }

    @Test func exportThenImportHuggingFace() {
        let (h, dir) = readyHarness()
        h.run("train 2")
        h.clear()
        #expect(h.run("export hf \(dir.path)/hf") == .finished)
        #expect(h.out.hasPrefix("exported step 2 to \(dir.path)/hf: "))
        for file in ["config.json", "model.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir.path)/hf/\(file)"))
        }
        let other = Harness()
        #expect(other.run("load hf \(dir.path)/hf") == .finished, "\(other.err)")
        let lines = other.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0] == "loaded \(dir.path)/hf: \(Format.grouped(h.session.model!.parameterCount)) parameters, 1 layer, 2 heads, 8 wide, block 8, vocabulary \(h.session.tokenizer!.vocabSize)")
        #expect(lines[1] == "stored as F32; computing in F32")
        #expect(lines[2].hasPrefix("tokenizer: char, "))
        #expect(other.session.model!.params.array == h.session.model!.params.array)
        #expect(other.session.iteration == 0)
    }

    /// The hub's GPT-2 files carry the attention mask buffers, which gptsh does not need.
    @Test func importReportsIgnoredTensors() throws {
        let fixture = packageRoot.appendingPathComponent("Tests/GPTEngineTests/Fixtures/hf/gpt2-tiny")
        let folder = temporaryDirectory()
        for name in ["config.json", "vocab.json", "merges.txt"] {
            try FileManager.default.copyItem(at: fixture.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        let weights = try SafeTensorsFile(path: fixture.appendingPathComponent("model.safetensors").path)
        let kept = try weights.tensors.map { ($0, try weights.floats($0.name)) }
        let mask = [Float](repeating: 1, count: 16 * 16)
        var writer = SafeTensorsWriter()
        for (t, values) in kept { writer.add(t.name, floats: values, shape: t.shape) }
        writer.add("transformer.h.0.attn.bias", floats: mask, shape: [1, 1, 16, 16])
        try writer.write(to: folder.appendingPathComponent("model.safetensors").path)
        let h = Harness()
        #expect(h.run("load hf \(folder.path)") == .finished, "\(h.err)")
        #expect(h.out.hasSuffix("\nignored: transformer.h.0.attn.bias\n"), "\(h.out)")
        #expect(h.out.contains("tokenizer: bpe, 280 tokens"))
    }

    @Test func huggingFaceErrorsChangeNothing() {
        let (h, dir) = readyHarness()
        let before = Snapshot(h.session)
        write("{\"model_type\": \"bert\"}", to: "bad/config.json", in: dir)
        for folder in ["bad", "absent"] {
            h.clear()
            #expect(h.run("load hf \(dir.path)/\(folder)") == .failed)
            #expect(h.err.hasPrefix("<command>:1:9: error: "), "\(h.err)")
            #expect(Snapshot(h.session) == before)
        }
        let empty = Harness()
        #expect(empty.run("export hf \(dir.path)/out") == .failed)
        #expect(empty.err.contains("no model"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/out"))
    }

    @Test func transfersShowSizeAndTime() {
        #expect(Format.transfer(bytes: 136_000_000, seconds: 0.4149) == "129.7 MB in 0.41 s")
        #expect(Format.transfer(bytes: 58_800, seconds: 0.002) == "57.4 KB in 0.00 s")
        #expect(Format.transfer(bytes: 12, seconds: 0) == "12 bytes in 0.00 s")
    }

    @Test func completionKnowsTheNewWords() {
        let completer = Completer(parser: CommandParser(table: CommandSpec.table))
        #expect(completer.complete(before: "show ", word: "ch").words == ["checkpoint"])
        #expect(completer.complete(before: "show checkpoint ", word: "").paths)
        #expect(completer.complete(before: "load ", word: "").words == ["corpus", "pairs", "hf", "schedule="])
        #expect(completer.complete(before: "export ", word: "").words == ["hf"])
        #expect(completer.complete(before: "save a.ckpt ", word: "w").words == ["weights-only"])
    }
}
