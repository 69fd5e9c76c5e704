import Foundation
import Testing
@testable import GPTShell

/// Fine-tuning at the shell: `load PATH schedule=restart`, and a new text the model's
/// tokenizer cannot encode named by file, line and column.
@Suite(.serialized) struct FineTuneCommandTests {
    @Test func restartAndTheCharacterTheTokenizerLacks() throws {
        let (h, dir) = readyHarness()
        let checkpoint = dir.appendingPathComponent("m.ckpt").path
        #expect(h.run("train 3\nsave \(checkpoint)") == .finished, Comment(rawValue: h.err))
        let other = write("the cat sat\non the Mat\n", to: "new.txt", in: dir)
        let t = Harness()
        #expect(t.run("load \(checkpoint) schedule=restart\nload corpus \(other)") == .finished, Comment(rawValue: t.err))
        #expect(t.out.contains("schedule restarted, fresh optimizer at step 0"))
        #expect(t.err.contains("the char tokenizer cannot encode this text: \(other):2:8: character 'M' (U+4D) is not in the char tokenizer's vocabulary"),
                Comment(rawValue: t.err))
        t.clear()
        #expect(t.run("train 1") == .failed)
        #expect(t.err.contains("\(other):2:8: character 'M' (U+4D) is not in the char tokenizer's vocabulary, the first such character of the text"),
                Comment(rawValue: t.err))
        #expect(t.session.iteration == 0)
    }
}
