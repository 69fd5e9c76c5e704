import Testing
@testable import GPTShell

private func lex(_ text: String, source: String = "t.gpt") throws -> [Token] {
    guard case .tokens(let tokens) = try Lexer.lex(text, source: source) else {
        Issue.record("needs more input")
        return []
    }
    return tokens
}

private func kinds(_ text: String) throws -> [Token.Kind] { try lex(text).map(\.kind) }

private func lexError(_ text: String) -> ShellError? {
    do {
        _ = try Lexer.lex(text, source: "t.gpt", line: 3)
        return nil
    } catch {
        return error as? ShellError
    }
}

@Suite struct LexerTests {
    @Test func wordsNumbersAndOptions() throws {
        #expect(try kinds("train 1_000 lr=3e-4") == [
            .word, .number(1000), .word, .equals, .number(3e-4),
        ])
        #expect(try kinds("x -1 .5 2. +3 1e3 1E-2") == [
            .word, .number(-1), .number(0.5), .number(2), .number(3), .number(1000), .number(0.01),
        ])
        // Not quite numbers stay words, for the parser to judge in context.
        #expect(try kinds("1__0 _1 1_ 3e 2024-notes.txt") == [.word, .word, .word, .word, .word])
    }

    @Test func locationsCountCharactersFromOne() throws {
        let tokens = try lex("sample 5 prompt=\"你好\" top_k=3")
        #expect(tokens.map(\.location.column) == [1, 8, 10, 16, 17, 22, 27, 28])
        #expect(tokens.allSatisfy { $0.location.source == "t.gpt" && $0.location.line == 1 })
        #expect(tokens[4].kind == .string("你好"))
    }

    @Test func spacingDecidesWhatIsAnOption() throws {
        let tokens = try lex("a=b c = d")
        #expect(tokens.map(\.spaceBefore) == [true, false, false, true, true, true])
    }

    @Test func stringsAndEscapes() throws {
        #expect(try kinds(#""a\nb\t\"q\" \\ \u{4F60}\u{1F600}""#) == [.string("a\nb\t\"q\" \\ 你😀")])
        #expect(try kinds(#"'raw \n "x"'"#) == [.string(#"raw \n "x""#)])
        #expect(try kinds(#""""#) == [.string("")])
    }

    @Test func separatorsAndComments() throws {
        #expect(try kinds("echo a; echo b # c; d") == [.word, .word, .separator, .word, .word])
        #expect(try kinds("echo \"# not a comment\"") == [.word, .string("# not a comment")])
        #expect(try kinds("#!/usr/bin/env gptsh").isEmpty)
    }

    @Test func comparisons() throws {
        #expect(try kinds("< <= > >= ==") == Comparison.allCases.map { .comparison($0) })
        #expect(try kinds("val_loss<2") == [.word, .comparison(.less), .number(2)])
    }

    @Test func continuation() throws {
        #expect(try Lexer.lex("train 10 \\", source: "s") == .needsMoreInput)
        #expect(try Lexer.lex("echo \"abc\\", source: "s") == .needsMoreInput)
        let tokens = try lex("train \\\n  10")
        #expect(tokens.map(\.kind) == [.word, .number(10)])
        #expect(tokens[1].location == SourceLocation(source: "t.gpt", line: 2, column: 3))
        #expect(try kinds("echo \"ab\\\ncd\"") == [.word, .string("abcd")])
    }

    @Test(arguments: [
        ("echo \"abc", 6, "unterminated string"),
        ("echo 'abc", 6, "unterminated string"),
        (#"echo "a\qb""#, 8, "unknown escape '\\q'"),
        (#"echo "\u4F60""#, 7, "\\u{HEX}"),
        (#"echo "\u{}""#, 7, "\\u{HEX}"),
        (#"echo "\u{123456789}""#, 7, "\\u{HEX}"),
        (#"echo "\u{D800}""#, 7, "not a Unicode scalar"),
        (#"echo "\u{110000}""#, 7, "not a Unicode scalar"),
        ("echo a\\b", 7, "unexpected '\\'"),
        ("echo \u{7}", 6, "control character U+0007"),
        ("ec\u{0}ho", 3, "control character U+0000"),
        ("echo \"a\u{1B}b\"", 8, "control character U+001B"),
        ("echo 'a\u{1B}b'", 8, "control character U+001B"),
    ])
    func errorsPointAtTheirColumn(text: String, column: Int, message: String) throws {
        let error = try #require(lexError(text))
        #expect(error.location == SourceLocation(source: "t.gpt", line: 3, column: column))
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.description.hasPrefix("t.gpt:3:\(column): error: "))
    }

    @Test func garbageNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let scalars = (0..<Int.random(in: 0..<40, using: &generator)).compactMap { _ in
                Unicode.Scalar(UInt32.random(in: 0..<0x3000, using: &generator))
            }
            _ = try? Lexer.lex(String(String.UnicodeScalarView(scalars)), source: "fuzz")
        }
    }
}
