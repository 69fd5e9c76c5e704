import Testing
@testable import GPTShell

private let completer = Completer(parser: CommandParser(table: CommandSpec.table))

private func words(_ before: String, _ word: String) -> [String] {
    completer.complete(before: before, word: word).words
}

@Suite struct CompleterTests {
    @Test func commandNames() {
        #expect(words("", "tra") == ["train"])
        #expect(words("", "e") == ["eval", "encode", "export", "echo", "exit"])
        #expect(words("echo a; ", "sa") == ["sample", "save"])
        #expect(words("help ", "ev") == ["eval"])
    }

    @Test func subWordsAndChoices() {
        #expect(words("tokenizer ", "") == ["char", "byte", "bpe", "words"])
        #expect(words("show ", "") == ["checkpoint", "attention", "config", "model", "corpus", "tokenizer", "stats"])
        #expect(words("show ", "s") == ["stats"])
        let load = completer.complete(before: "load ", word: "c")
        #expect(load.words == ["corpus"] && load.paths)
    }

    @Test func pathsWhereACommandTakesOne() {
        #expect(completer.complete(before: "load corpus ", word: "da").paths)
        #expect(completer.complete(before: "run ", word: "").paths)
        #expect(!completer.complete(before: "load corpus a.txt ", word: "").paths)
        #expect(!completer.complete(before: "train ", word: "").paths)
    }

    @Test func hyperparameterKeys() {
        #expect(words("set ", "lea") == ["learning_rate"])
        #expect(words("set lr=1 ", "warm") == ["warmup_iters="])
        #expect(words("train 100 ", "l") == ["learning_rate=", "lr=", "lr_decay_iters=", "log_interval="])
        #expect(words("train 100 ", "n_").isEmpty)
    }

    @Test func options() {
        #expect(words("sample 10 ", "t") == ["temperature=", "top_k=", "top_p="])
        #expect(words("init ", "v") == ["vectors="])
        #expect(words("init ", "se") == ["seed="])
        #expect(words("init ", "n_l") == ["n_layer="])
        #expect(words("sample 10 prompt=", "").isEmpty)
        #expect(!completer.complete(before: "sample 10 prompt=", word: "").paths, "a prompt is text")
    }

    @Test func optionValues() {
        #expect(words("tokenizer bpe vocab=300 pattern=", "") == ["gpt2", "gpt4", "none"])
        #expect(words("tokenizer bpe cjk=", "f") == ["false"])
        #expect(words("sample 10 cache=", "") == ["true", "false"])
        #expect(words("plot log_steps=", "t") == ["true"])
        #expect(words("set skip_nonfinite=", "") == ["false", "true"])
        #expect(words("set dtype=", "b") == ["bfloat16"])
        #expect(words("log m.csv format=", "") == ["jsonl", "csv"])
        #expect(completer.complete(before: "train 10 save_every=5 path=", word: "").paths)
    }

    @Test func textIsNotAPath() {
        for before in ["help ", "encode ", "score ", "echo "] {
            #expect(!completer.complete(before: before, word: "").paths, "\(before)")
        }
        #expect(words("help ", "tok") == ["tokenizer"])
        #expect(words("help load ", "") == ["corpus", "pairs", "hf"])
        #expect(words("help tokenizer ", "b") == ["byte", "bpe"])
    }

    @Test func quotesAndSemicolonsAreReadAsTheShellReadsThem() {
        #expect(words("sample 5 stop=\";\" ", "t") == ["temperature=", "top_k=", "top_p="])
        #expect(words("echo \"a;b\"; ", "tr") == ["train"])
        #expect(words("sample 5 prompt=\"a; ", "t").isEmpty, "inside a string")
    }
}
