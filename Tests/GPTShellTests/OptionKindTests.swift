import Testing
@testable import GPTShell

private func parse(_ text: String) throws -> Invocation {
    guard case .tokens(let tokens) = try Lexer.lex(text, source: "<command>") else { fatalError("incomplete") }
    return try CommandParser(table: CommandSpec.table).parse(tokens)
}

@Suite struct OptionKindTests {
    @Test func repeatableOptionsKeepEveryValueInOrder() throws {
        let sample = try parse("sample 5 stop=\"\\n\\n\" stop=eot stop='x'")
        #expect(sample.all("stop").map(\.value) == [.text("\n\n"), .text("eot"), .text("x")])
        #expect(sample.all("stop").map(\.quoted) == [true, false, true])
        #expect(sample.text("stop") == "\n\n")
        #expect(sample.all("seed").isEmpty)
        #expect(try parse("sample 5 seed=1").all("seed").map(\.value) == [.integer(1)])
        #expect(throws: ShellError("option 'seed' is given twice", at: SourceLocation(source: "<command>", line: 1, column: 17))) {
            try parse("sample 5 seed=1 seed=2")
        }
    }

    @Test func quotedValuesAreMarked() throws {
        #expect(try parse("score val").arguments["TEXT"]?.quoted == false)
        #expect(try parse("score \"val\"").arguments["TEXT"]?.quoted == true)
        #expect(try parse("sample 1 prompt=@p.txt").options["prompt"]?.quoted == false)
    }

    @Test func choicesSuggestTheClosest() {
        #expect(throws: ShellError("cache must be true or false, got 'flase' (did you mean 'false'?)",
                                   at: SourceLocation(source: "<command>", line: 1, column: 16))) {
            try parse("sample 1 cache=flase")
        }
    }
}
