import GPTEngine
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

    /// A handler reads what the table declares, and help shows the same.
    @Test func declaredDefaultsAreWhatHandlersGetAndHelpShows() throws {
        let sample = try parse("sample 5")
        #expect(sample.integer("count") == 1 && sample.real("temperature") == 1 && sample.flag("cache") == true)
        #expect(sample.integer("top_k") == 0 && sample.real("top_p") == 1 && !sample.given("count"))
        #expect(try parse("tokenizer bpe vocab=300").text("pattern") == "gpt2")
        var eval = try parse("eval")
        #expect(eval.integer("iters") == nil, "a setting's default needs the settings")
        var settings = Hyperparameters()
        settings.evalIters = 7
        eval.settings = settings
        #expect(eval.integer("iters") == 7)
        for spec in CommandSpec.table {
            let help = HelpCommand.describe(spec, width: 1000).joined(separator: "\n")
            for option in spec.options {
                guard case .value(let v) = option.defaultValue else { continue }
                #expect(help.contains("(default: \(v.shown))"), "\(spec.name) \(option.name)")
            }
        }
        #expect(HelpCommand.describe(.train, width: 1000).contains { $0.contains("prompt=\"TEXT\"") && $0.contains("<|endoftext|> if the tokenizer has it") })
    }

    @Test func helpEncodeAndScoreTakeTextNotPaths() {
        for spec in [CommandSpec.help, .encode, .score, .echo] {
            #expect(spec.arguments.allSatisfy { if case .path = $0.kind { return false } else { return true } }, "\(spec.name)")
        }
    }
}
