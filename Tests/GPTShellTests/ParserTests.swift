import Testing
@testable import GPTShell

private let parser = CommandParser(table: CommandSpec.table)

private func parse(_ text: String) throws -> Invocation {
    guard case .tokens(let tokens) = try Lexer.lex(text, source: "<command>") else { fatalError("incomplete") }
    return try parser.parse(tokens)
}

private func parseError(_ text: String) -> ShellError? {
    do {
        _ = try parse(text)
        return nil
    } catch {
        return error as? ShellError
    }
}

@Suite struct ParserTests {
    @Test func subWordsPickTheirEntry() throws {
        #expect(try parse("load corpus a.txt").spec.name == "load corpus")
        #expect(try parse("load a.ckpt").spec.name == "load")
        #expect(try parse("tokenizer char").spec.name == "tokenizer char")
        #expect(try parse("exit").spec.name == "quit")
    }

    @Test func argumentsAndOptionsAreTyped() throws {
        let sample = try parse("sample 1_000 prompt=\"你好\" temperature=0.8 top_k=40 seed=3")
        #expect(sample.integer("N") == 1000)
        #expect(sample.text("prompt") == "你好")
        #expect(sample.real("temperature") == 0.8)
        #expect(sample.integer("top_k") == 40)
        #expect(sample.location(of: "prompt").column == 21)

        let corpus = try parse("load corpus 'my file.txt' val=0.2")
        #expect(corpus.text("PATH") == "my file.txt")
        #expect(corpus.real("val") == 0.2)
    }

    @Test func hyperparametersAreCanonicalAndChecked() throws {
        let train = try parse("train 10 lr=3e-4 batch_size=4")
        #expect(train.assignments.map(\.name) == ["learning_rate", "batch_size"])
        #expect(train.assignments.map(\.value) == [3e-4, 4])
        let set = try parse("set lr 0.01")
        #expect(set.text("KEY") == "learning_rate")
        #expect(set.real("VALUE") == 0.01)
    }

    @Test func restArguments() throws {
        #expect(try parse("echo a  b \"c  d\" k=v 1e3").restText == "a b c  d k=v 1e3")
        #expect(try parse("assert val_loss < 2.0").rest.count == 3)
    }

    @Test(arguments: [
        ("trian 10", 1, "unknown command 'trian' (did you mean 'train'?)"),
        ("\"train\" 10", 1, "expected a command name"),
        ("tokenizer chr", 11, "`tokenizer` does not know 'chr' (did you mean 'char'?)"),
        ("tokenizer", 10, "`tokenizer` needs one of: char"),
        ("train", 6, "`train` needs N"),
        ("train ten", 7, "N must be a number, got 'ten'"),
        ("train 2.5", 7, "N must be a whole number"),
        ("train 9223372036854775807", 7, "N is too large"),
        ("set n_layer=99999999999999999999", 13, "n_layer must be"),
        ("train 0", 7, "N must be at least 1"),
        ("train 10 20", 10, "unexpected argument '20'"),
        ("train 10 lrate=1", 10, "unknown hyperparameter 'lrate' (did you mean 'lr'?)"),
        ("train 10 n_layer=2", 10, "part of the architecture"),
        ("train 10 lr=1 learning_rate=2", 15, "learning_rate is given twice"),
        ("train 10 lr=-1", 13, "learning_rate must be between"),
        ("train 10 lr=", 13, "missing a value after 'lr='"),
        ("train 10 lr= 3", 13, "missing a value after 'lr='"),
        ("train 10 lr =3", 13, "'=' must join a key"),
        ("train 10 < 3", 10, "comparisons belong in `assert`"),
        ("sample 5 temprature=1", 10, "has no option 'temprature' (did you mean 'temperature'?)"),
        ("sample 5 top_k=1 top_k=2", 18, "option 'top_k' is given twice"),
        ("sample 5 temperature=hot", 22, "temperature must be a number"),
        ("sample 5 temperature=1e999", 22, "finite"),
        ("load corpus a.txt val=1", 23, "val must be at least 0 and below 1"),
        ("show everything", 6, "`show` takes one of config, model, corpus, tokenizer, stats"),
        ("show stat", 6, "(did you mean 'stats'?)"),
        ("set lrate 1", 5, "unknown hyperparameter 'lrate' (did you mean 'lr'?)"),
        ("set lr=fast", 8, "lr must be a number"),
        ("set n_layer=0", 13, "n_layer must be between 1 and 128, got 0"),
        ("init 3", 6, "unexpected argument '3'"),
        ("init seed=-1", 11, "seed must be between 0 and 2147483647, got -1"),
        ("init sed=1", 6, "(did you mean 'seed'?)"),
        ("tokenizer char x=1", 16, "`tokenizer char` takes no options"),
        ("quit now", 6, "unexpected argument 'now'"),
    ])
    func errorsNameTheirPlace(text: String, column: Int, message: String) throws {
        let error = try #require(parseError(text), "\(text) parsed")
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.location == SourceLocation(source: "<command>", line: 1, column: column), "\(error)")
    }

    @Test func everyEntryHasUsageHelpAndAnExample() throws {
        for spec in CommandSpec.table {
            #expect(!spec.summary.isEmpty && !spec.example.isEmpty)
            #expect(spec.usage.hasPrefix(spec.name))
            #expect(try parse(spec.example).spec.name == spec.name)
        }
        #expect(Set(CommandSpec.table.map(\.name)).count == CommandSpec.table.count)
    }

    @Test func theLanguageReferenceHasEveryCommand() throws {
        let doc = try String(contentsOf: packageRoot.appendingPathComponent("docs/language.md"), encoding: .utf8)
        let headings = doc.split(separator: "\n").filter { $0.hasPrefix("### ") }
        for spec in CommandSpec.table {
            #expect(headings.contains { $0.contains(spec.name) }, "docs/language.md has no heading for \(spec.name)")
        }
    }
}
