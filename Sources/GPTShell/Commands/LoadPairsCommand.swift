import GPTEngine

extension CommandSpec {
    static let loadPairs = CommandSpec(
        ["load", "pairs"],
        arguments: [ArgumentSpec("PATH", .path, "JSON Lines of {\"prompt\": …, \"response\": …}, or a two-column TSV")],
        options: [OptionSpec("val", .fraction, "F", default: .value(.real(0.1)), "the fraction of the pairs at the end kept for validation"),
                  OptionSpec("format", .choice(PairsFile.Kind.allCases.map(\.rawValue)), "jsonl|tsv",
                             default: .described("by the extension (.jsonl, .json, .tsv), else by the first line"),
                             "how the file is written")],
        summary: "read prompt/response pairs to train on, the loss counting the responses only",
        details: """
            Each pair becomes the text PROMPT, a newline, RESPONSE, <|endoftext|>; the pairs together \
            are the corpus tokenizers are built from. Training windows hold one pair each from its \
            start, and the loss (train, eval, score val) counts only the response's tokens and its \
            <|endoftext|>. `answer "PROMPT"` then puts a prompt in the same format. A TSV line is a \
            prompt, one tab and a response, as written; JSON Lines may have other keys, which are \
            ignored. Blank lines are skipped.
            """,
        example: "load pairs data/qa.jsonl val=0.1",
        handler: LoadPairsCommand.run)
}

enum LoadPairsCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let path = shell.resolve(command.text("PATH")!)
        let loaded: Corpus?
        do {
            let kind = command.text("format").flatMap(PairsFile.Kind.init(rawValue:))
            loaded = try shell.interruptible("load pairs") {
                try shell.session.loadPairs(path: path, valFraction: command.real("val")!, kind: kind, shouldStop: shell.shouldStop)
            }
        } catch {
            throw ShellError(error, at: command.location(of: "PATH"))
        }
        guard let corpus = loaded, let pairs = corpus.pairs else { return }
        shell.output.info("pairs \(path): \(Format.grouped(pairs.all.count)) (\(Format.grouped(pairs.train.count)) train, "
            + "\(Format.grouped(pairs.val.count)) val), \(Format.grouped(corpus.characterCount)) characters as prompt, newline, "
            + "response, \(SpecialToken.endOfText); the loss counts the responses only")
        if let tokenizer = shell.session.tokenizer {
            if shell.session.isEncoded {
                shell.output.info("encoded with the \(tokenizer.kind) tokenizer: \(TokenizerCommand.tokenCounts(shell.session))")
            } else {
                let why = shell.session.encodingFailure.map { ": \($0)" } ?? ""
                shell.output.note("the \(tokenizer.kind) tokenizer cannot encode these pairs\(why); build one for them (e.g. `tokenizer \(tokenizer.kind)`) before training")
            }
        }
    }
}
