import GPTEngine

extension CommandSpec {
    static let encode = CommandSpec(
        ["encode"],
        arguments: [ArgumentSpec("TEXT", .textOrFile, "\"TEXT\" or @FILE")],
        changesSession: .never,
        usage: "encode \"TEXT\"|@FILE",
        summary: "the tokens a text becomes: ids and pieces",
        details: """
            One line per token: its id and its piece, quoted. Whole characters show as text, control \
            characters escaped (\\n), and the bytes of a character split across tokens as <e4>.
            """,
        example: "encode \"你好，世界\"",
        handler: EncodeCommand.run)
}

enum EncodeCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        guard let tokenizer = shell.session.tokenizer else {
            throw EngineError.missing(.tokenizer)
        }
        let argument = command.arguments["TEXT"]!
        let text = try TextOrFile.read(argument, in: shell)
        let pieces: [TokenPiece]
        do {
            pieces = try tokenizer.pieces(of: text)
        } catch let error as TokenizerError {
            throw ShellError(Messages.unknownCharacter(in: "the text", error), at: argument.location)
        }
        shell.output.result("\(Format.counted(pieces.count, "token")) for \(Format.counted(text.count, "character")) "
            + "(\(Format.counted(text.utf8.count, "byte")))")
        // A word vocabulary is about where it cuts the text: show the cuts first.
        if tokenizer.kind == "words" { shell.output.result(pieces.map(\.text).joined(separator: " | ")) }
        Format.table(pieces.map { ["\($0.id)", "\"\($0.text)\""] }).forEach(shell.output.result)
    }
}
