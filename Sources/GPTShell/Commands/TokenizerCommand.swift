import GPTEngine

/// What every `tokenizer KIND` entry shares: each kind builds its tokenizer in its own file
/// (see TokenizerCharCommand.swift) and hands it to `adopt`.
enum TokenizerCommand {
    /// Makes `tokenizer` the session's, encodes the corpus and reports what changed; a stop
    /// while encoding (reported as `command`'s) keeps the old tokenizer and model.
    static func adopt(_ tokenizer: any Tokenizer, in shell: Shell, as command: String) throws {
        guard let result = try shell.interruptible(command, {
            try shell.session.useTokenizer(tokenizer, shouldStop: shell.shouldStop)
        }) else { return }
        shell.output.info("\(tokenizer.kind) tokenizer: \(Format.grouped(tokenizer.vocabSize)) tokens in the vocabulary; "
            + "corpus encoded as \(tokenCounts(shell.session))")
        if result.droppedModel {
            shell.output.info("the model was built for another vocabulary and was dropped: run `init`")
        }
    }

    static func tokenCounts(_ session: Session) -> String {
        let train = session.trainTokens?.count ?? 0, val = session.valTokens?.count ?? 0
        return "\(Format.grouped(train + val)) tokens (\(Format.grouped(train)) train, \(Format.grouped(val)) val)"
    }
}
