import Foundation
import GPTEngine

extension CommandSpec {
    static let score = CommandSpec(
        ["score"],
        arguments: [ArgumentSpec("TEXT", .textOrFile, "\"TEXT\", @FILE, or the corpus part val or train")],
        changesSession: .never,
        usage: "score \"TEXT\"|@FILE|val|train",
        summary: "how well the model predicts a text: loss, perplexity, bits per byte",
        details: """
            Every token after the first is predicted once, in windows of block_size tokens. Bits per \
            byte divide the total by the text's UTF-8 bytes (<|endoftext|> counts as one), so models \
            with different tokenizers compare. Unquoted val and train score the loaded corpus's parts; \
            on pairs (`load pairs`) each pair is scored in its own window and only the responses' \
            tokens count (masked), as in training.
            """,
        example: "score val",
        handler: ScoreCommand.run)
}

enum ScoreCommand {
    static func run(_ shell: Shell, _ command: Invocation) throws {
        let argument = command.arguments["TEXT"]!
        let scored: ScoreResult?
        if !argument.quoted, let split = command.text("TEXT").flatMap(Session.Split.init(rawValue:)) {
            scored = try shell.interruptible("score") { try shell.session.score(split: split, shouldStop: shell.shouldStop) }
        } else {
            let text = try TextOrFile.read(argument, in: shell)
            do {
                scored = try shell.interruptible("score") { try shell.session.score(text, shouldStop: shell.shouldStop) }
            } catch let error as TokenizerError {
                throw ShellError(Messages.unknownCharacter(in: "the text", error), at: argument.location)
            }
        }
        guard let result = scored else { return }
        // On pairs, `score val` and `score train` count what training counts: the responses.
        let masked = shell.session.lossIsMasked && !argument.quoted && command.text("TEXT").flatMap(Session.Split.init(rawValue:)) != nil
        let tokens = masked
            ? "\(Format.grouped(result.tokens)) predicted: response-only (masked), each response's tokens and its \(SpecialToken.endOfText)"
            : "\(Format.grouped(result.tokens + 1)) (\(Format.grouped(result.tokens)) predicted)"
        Format.table([
            ["tokens", tokens],
            ["bytes", Format.grouped(result.bytes) + (masked ? " (of the responses, \(SpecialToken.endOfText) as one)" : "")],
            ["loss", String(format: "%.4f nats/token", result.loss)],
            ["perplexity", String(format: "%.2f", result.perplexity)],
            ["bits/byte", String(format: "%.4f", result.bitsPerByte)],
        ]).forEach(shell.output.result)
    }
}
