import GPTEngine

extension CommandSpec {
    static let loadCorpus = CommandSpec(
        ["load", "corpus"],
        arguments: [ArgumentSpec("PATH", .path, "a UTF-8 text file")],
        options: [OptionSpec("val", .fraction, "F", default: "0.1", "the fraction at the end kept for validation")],
        summary: "read a text corpus and split off the validation part",
        details: "The last fraction of the text is the validation part, as nanoGPT splits it. If a tokenizer is set, the corpus is encoded with it.",
        example: "load corpus data/tales.txt val=0.1",
        handler: LoadCorpusCommand.run)
}

enum LoadCorpusCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let path = shell.resolve(command.text("PATH")!)
        let corpus: Corpus
        do {
            corpus = try shell.session.loadCorpus(path: path, valFraction: command.real("val") ?? 0.1)
        } catch {
            throw ShellError(error, at: command.location(of: "PATH"))
        }
        let (train, val) = corpus.parts
        shell.output.info("corpus \(path): \(Format.grouped(corpus.characterCount)) characters, "
            + "\(Format.grouped(corpus.distinctCharacters)) distinct; "
            + "\(Format.grouped(train.count)) train, \(Format.grouped(val.count)) val")
        if let tokenizer = shell.session.tokenizer {
            shell.output.info("encoded with the \(tokenizer.kind) tokenizer: \(TokenizerCommand.tokenCounts(shell.session))")
        }
    }
}
