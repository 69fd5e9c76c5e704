import Foundation
import Testing
@testable import GPTShell

private func lines(of bytes: [UInt8]) throws -> [InputLine] {
    let dir = temporaryDirectory()
    let path = dir.appendingPathComponent("input.gpt").path
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let source = try FileDescriptorLines(path: path, name: "in.gpt")
    var result: [InputLine] = []
    while true {
        let line = source.nextLine(continuing: false)
        if line == .end { return result }
        result.append(line)
    }
}

@Suite struct InputTests {
    @Test func splitsLinesAndDropsCRAndBOM() throws {
        #expect(try lines(of: Array("\u{FEFF}a\r\nb\n\nc".utf8)) == [
            .line("a", number: 1), .line("b", number: 2), .line("", number: 3), .line("c", number: 4),
        ])
    }

    @Test func invalidUTF8IsAnErrorAtItsColumn() throws {
        let result = try lines(of: Array("ok\n".utf8) + [0x65, 0x63, 0xC3, 0x28] + Array("\nnext\n".utf8))
        #expect(result == [
            .line("ok", number: 1),
            .failure(ShellError("the line is not valid UTF-8", at: SourceLocation(source: "in.gpt", line: 2, column: 3))),
            .line("next", number: 3),
        ])
    }

    @Test func overlongLinesAreRefusedAndReadingGoesOn() throws {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: LineDecoder.maxBytes + 10)
        let result = try lines(of: long + Array("\necho after\n".utf8) + long)
        #expect(result.count == 3)
        #expect(result[1] == .line("echo after", number: 2))
        for index in [0, 2] {
            guard case .failure(let error) = result[index] else {
                Issue.record("line \(index) was accepted: \(result[index])")
                continue
            }
            #expect(error.message.contains("longer than 1 MiB"))
        }
    }

    @Test func missingScriptsAreReported() {
        #expect(throws: ShellInputError.self) { try FileDescriptorLines(path: "/nonexistent/x.gpt") }
        #expect(throws: ShellInputError.self) { try FileDescriptorLines(path: NSTemporaryDirectory()) }
    }

    @Test func stringLinesSplitOnEveryNewline() {
        let source = StringLines("a\r\nb\nc")
        #expect(source.nextLine(continuing: false) == .line("a", number: 1))
        #expect(source.nextLine(continuing: false) == .line("b", number: 2))
        #expect(source.nextLine(continuing: false) == .line("c", number: 3))
        #expect(source.nextLine(continuing: false) == .end)
    }

    @Test func aContinuationAtTheEndIsAnError() {
        let h = Harness()
        #expect(h.run("echo a \\\n  b\necho c \\") == .failed)
        #expect(h.out == "a b\n")
        #expect(h.err == "<command>:3:8: error: the input ends after a '\\' that continues the line\n")
    }

    @Test func caretUnderTheColumn() {
        #expect(Diagnostic.excerpt(of: "set lrate=3", column: 5) == "set lrate=3\n    ^\n")
        #expect(Diagnostic.excerpt(of: "echo \"你好\" x\u{7}", column: 11) == "echo \"你好\" x\u{FFFD}\n            ^\n")
        #expect(Diagnostic.excerpt(of: "\tx", column: 2) == "\tx\n\t^\n")
        let long = String(repeating: "a", count: 500)
        let excerpt = Diagnostic.excerpt(of: long, column: 300)
        #expect(excerpt.hasPrefix("…") && excerpt.split(separator: "\n")[0].count == 122)
        #expect(excerpt.split(separator: "\n")[1] == Substring(String(repeating: " ", count: 61) + "^"))
    }
}
