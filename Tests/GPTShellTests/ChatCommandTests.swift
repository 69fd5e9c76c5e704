import Foundation
import GPTEngine
import Testing
@testable import GPTShell

/// A sub-prompt that answers with `lines` in turn and records the prompts it was shown.
private final class TypedLines {
    var lines: [PromptedLine]
    var prompts: [String] = []

    init(_ lines: [PromptedLine]) { self.lines = lines }

    func read(_ prompt: String) -> PromptedLine {
        prompts.append(prompt)
        return lines.isEmpty ? .end : lines.removeFirst()
    }
}

/// The greedy continuation of `prompt`, as the engine gives it.
private func greedy(_ h: Harness, _ prompt: String, tokens: Int, stop: String = "\n") throws -> String {
    try h.session.sample(SampleOptions(tokens: tokens, prompt: prompt, temperature: 0, stopStrings: [stop]), emit: { _ in }).text
}

/// A reply as the terminal shows it: on a line of its own.
private func shown(_ reply: String) -> String { reply.isEmpty || reply.hasSuffix("\n") ? reply : reply + "\n" }

@Suite struct ChatCommandTests {
    @Test func eachLineExtendsTheConversation() throws {
        let (h, _) = readyHarness(quiet: true)
        let typed = TypedLines([.line("the cat"), .interrupted, .line("a dog"), .line(""), .line("never read")])
        h.shell.promptReader = typed.read
        #expect(h.run("chat 12 temperature=0") == .finished)
        let chat = h.out
        #expect(typed.prompts == ["you> ", "you> ", "you> ", "you> "])
        #expect(typed.lines == [.line("never read")], "an empty line leaves")
        let first = try greedy(h, "the cat\n", tokens: 12)
        let second = try greedy(h, "the cat\n" + first + "\na dog\n", tokens: 12)
        #expect(chat == shown(first) + shown(second))
    }

    @Test func ctrlDLeavesAndAStoppedReplyGoesOn() throws {
        let (h, _) = readyHarness(quiet: true)
        var polls = 0
        h.shell.shouldStop = {
            polls += 1
            return polls == 3
        }
        let typed = TypedLines([.line("the"), .line("cat")])
        h.shell.promptReader = typed.read
        #expect(h.run("chat 5 temperature=0 stop=\"never\"") == .finished)
        #expect(typed.prompts.count == 3, "Ctrl-D at the third prompt leaves")
        let chat = h.out
        h.shell.shouldStop = { false }
        let cut = try greedy(h, "the\n", tokens: 2, stop: "never")
        let next = try greedy(h, "the\n" + shown(cut) + "cat\n", tokens: 5, stop: "never")
        #expect(chat == shown(cut) + shown(next), "the reply stopped after two tokens; the next one is whole")
    }

    @Test func chatNeedsThePromptAndAModel() {
        let (h, _) = readyHarness()
        #expect(h.run("chat") == .failed)
        #expect(h.err == "<command>:1:1: error: chat needs the interactive prompt: start gptsh at a terminal, without a script or -c\n")
        let bare = Harness()
        bare.shell.promptReader = TypedLines([]).read
        #expect(bare.run("chat") == .failed)
        #expect(bare.err.contains("no model: run `init`"))
    }

    @Test func aLineOutsideTheVocabularyIsLeftOut() throws {
        let (h, _) = readyHarness(quiet: true)
        h.shell.promptReader = TypedLines([.line("猫"), .line("the")]).read
        #expect(h.run("chat 4 temperature=0") == .finished)
        #expect(h.err == "the line has a character '猫' (U+732B) at offset 0 that is not in the tokenizer's vocabulary; it was left out of the conversation\n")
        let reply = h.out
        #expect(reply == shown(try greedy(h, "the\n", tokens: 4)))
    }
}
