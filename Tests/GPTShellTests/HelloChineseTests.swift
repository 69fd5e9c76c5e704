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
}
