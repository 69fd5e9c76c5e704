import Testing
@testable import GPTShell

/// Hands out the same physical line forever, counting the bytes it has given.
private final class EndlessLines: LineSource {
    let name = "<endless>"
    let line: String
    private(set) var bytesGiven = 0
    private var number = 0

    init(_ line: String) { self.line = line }

    func nextLine(continuing: Bool) -> InputLine {
        number += 1
        bytesGiven += line.utf8.count + 1
        return .line(line, number: number)
    }
}

@Suite struct ContinuationTests {
    @Test func resumedLexingScansEachCharacterOnceAndMatchesLexingTheJoinedText() throws {
        let pieces = (0..<8_000).map { $0 % 2 == 0 ? "echo w\($0) \"s\($0)\\" : "t\($0)\" \\" } + ["end"]
        var lexer = Lexer(pieces[0], source: "t.gpt")
        var result = try lexer.run()
        for piece in pieces.dropFirst() {
            #expect(result == .needsMoreInput)
            lexer.resume(with: piece)
            result = try lexer.run()
        }
        let joined = pieces.joined(separator: "\n")
        #expect(result == (try Lexer.lex(joined, source: "t.gpt")))
        #expect(lexer.charactersScanned == joined.count)
        guard case .tokens(let tokens) = result else { return }
        #expect(tokens.count == 3 * 4_000 + 1)
        #expect(tokens[2].kind == .string("s0t1"))
        #expect(tokens.last?.location == SourceLocation(source: "t.gpt", line: 8_001, column: 1))
    }

    @Test func eightThousandContinuedLinesJoinToTheirText() {
        let pieces = (0..<8_000).map { "w\($0) \\" } + ["last"]
        let source = StringLines(pieces.joined(separator: "\n"))
        guard case .tokens(let tokens, let text, let line) = LogicalLines.next(from: source) else {
            Issue.record("no tokens")
            return
        }
        #expect(text == pieces.joined(separator: "\n"))
        #expect(line == 1)
        #expect(tokens.map(\.text) == (0..<8_000).map { "w\($0)" } + ["last"])
    }

    @Test func theLengthLimitStopsReadingAContinuedLineOnceItIsPassed() {
        let source = EndlessLines(String(repeating: "x", count: 10 * 1024) + " \\")
        guard case .failure(let error, _) = LogicalLines.next(from: source) else {
            Issue.record("an endless continued line was not refused")
            return
        }
        #expect(error.message.contains("longer than 1 MiB"))
        #expect(error.location == SourceLocation(source: "<endless>", line: 1, column: 1))
        #expect(source.bytesGiven <= LineDecoder.maxBytes + source.line.utf8.count + 1)
    }
}
