import Foundation
import Testing

@Suite struct ChatTerminalTests {
    /// As in InteractiveTests, each step waits for the prompt before typing on.
    @Test func chatAtTheTerminal() throws {
        let dir = temporaryDirectory()
        write(tinyCorpus, to: "tiny.txt", in: dir)
        let t = try Terminal(environment: ["GPTSH_HISTORY": ""], directory: dir)
        #expect(t.wait(for: "gpt> "), "\(t.transcript)")
        var mark = t.end
        t.send("load corpus tiny.txt; tokenizer char; \(tinySettings); set lr=1e-2; init; train 200\n")
        #expect(t.wait(for: "step 200  train loss", after: mark))
        #expect(t.wait(for: "gpt> ", after: mark))

        mark = t.end
        t.send("chat 8 temperature=0\n")
        #expect(t.wait(for: "Ctrl-C stops a reply\r\nyou> ", after: mark), "\(t.transcript[mark...])")
        mark = t.end
        t.send("the cat\n")
        #expect(t.wait(for: "you> ", after: mark), "a reply, then the sub-prompt again: \(t.transcript[mark...])")
        #expect(t.transcript[mark...].hasPrefix("the cat\r\n"))
        mark = t.end
        t.send("\n")
        #expect(t.wait(for: "gpt> ", after: mark), "an empty line leaves the chat: \(t.transcript[mark...])")

        mark = t.end
        t.send("chat 10000000 stop=\"never\"\n")
        #expect(t.wait(for: "you> ", after: mark))
        mark = t.end
        t.send("the\n")
        #expect(t.wait(for: "the\r\n", after: mark))
        usleep(300_000)
        t.send("\u{3}")
        #expect(t.wait(for: "you> ", after: mark), "Ctrl-C ends the reply, not the chat: \(t.transcript[mark...])")
        mark = t.end
        t.send("\n")
        #expect(t.wait(for: "gpt> ", after: mark))

        mark = t.end
        t.send("chat\n")
        #expect(t.wait(for: "you> ", after: mark))
        t.send("\u{4}")
        #expect(t.wait(for: "gpt> ", after: mark), "Ctrl-D leaves the chat, not gptsh")
        t.send("\u{4}")
        #expect(t.exitStatus() == 0)
    }
}
