import Foundation
import GPTEngine

extension CommandSpec {
    static let loadCorpus = CommandSpec(
        ["load", "corpus"],
        arguments: [ArgumentSpec("PATH", .path, "a UTF-8 text file")],
        options: [OptionSpec("val", .fraction, "F", default: .value(.real(0.1)), "the fraction at the end kept for validation"),
                  OptionSpec("sep", .text, "\"LINE\"|blank", default: .described("none: one document"),
                             "split into documents at lines holding only LINE (or, unquoted blank, at blank lines), joined by <|endoftext|>")],
        summary: "read a text corpus and split off the validation part",
        details: "The last fraction of the text is the validation part, as nanoGPT splits it. If a tokenizer is set, the corpus is encoded with it.",
        example: "load corpus data/tales.txt val=0.1",
        handler: LoadCorpusCommand.run)
}

enum LoadCorpusCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let path = shell.resolve(command.text("PATH")!)
        let loaded: Corpus?
        do {
            let documents = try separator(command)
            loaded = try shell.interruptible("load corpus") {
                try shell.session.loadCorpus(path: path, valFraction: command.real("val")!,
                                             separator: documents, shouldStop: shell.shouldStop)
            }
        } catch {
            throw ShellError(error, at: command.location(of: "PATH"))
        }
        guard let corpus = loaded else { return }
        let (train, val) = corpus.parts
        shell.output.info("corpus \(path): \(Format.grouped(corpus.characterCount)) characters, "
            + "\(Format.grouped(corpus.distinctCharacters)) distinct; "
            + "\(Format.grouped(train.count)) train, \(Format.grouped(val.count)) val")
        if let documents = corpus.documents {
            shell.output.info("\(Format.counted(documents, "document")), each ended by \(SpecialToken.endOfText)")
        }
        if let tokenizer = shell.session.tokenizer {
            if shell.session.isEncoded {
                shell.output.info("encoded with the \(tokenizer.kind) tokenizer: \(TokenizerCommand.tokenCounts(shell.session))")
            } else {
                let why = shell.session.encodingFailure.map { ": \($0)" } ?? ""
                shell.output.note("the \(tokenizer.kind) tokenizer cannot encode this text\(why); build one for it (e.g. `tokenizer \(tokenizer.kind)`) before training")
            }
        }
    }

    /// Unquoted `blank` is the blank-line rule; any other value is the separator line's text.
    private static func separator(_ command: Invocation) throws -> Documents.Separator? {
        guard let sep = command.options["sep"], case .text(let text) = sep.value else { return nil }
        if !sep.quoted && text == "blank" { return .blankLines }
        // Lines are compared with their surrounding spaces ignored, so the marker is too.
        let marker = text.trimmingCharacters(in: .whitespaces)
        guard !marker.isEmpty, !marker.contains(where: \.isNewline) else {
            throw ShellError("sep must be the text of a separator line, such as \"%\", or blank", at: sep.location)
        }
        return .line(marker)
    }
}
