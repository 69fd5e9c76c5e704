import GPTEngine

/// `train`'s options that are not hyperparameters, checked together before the first step so
/// that a mistake in them never costs a run.
struct TrainOptions {
    static let specs: [OptionSpec] = [
        OptionSpec("sample_every", .integer(1...Int.max), "M", "print a sample every M steps"),
        OptionSpec("sample_len", .integer(1...100_000), "L", default: .value(.integer(100)), "tokens in each sample"),
        OptionSpec("prompt", .text, "\"TEXT\"", default: .described("<|endoftext|> if the tokenizer has it, else a newline"),
                   "the text each sample continues"),
        OptionSpec("save_every", .integer(1...Int.max), "M", "save a checkpoint to path= every M steps"),
        OptionSpec("path", .path, "PATH", "where save_every saves; {step} in it becomes the step"),
        OptionSpec("until", .text, "\"COND\"", "stop at the first evaluation where COND (as in assert) holds"),
        OptionSpec("patience", .integer(1...Int.max), "P", "stop after P evaluations without a better val loss"),
    ]

    let sampleEvery: Int?
    /// The same seed for every sample of a run, so that they differ only by what the model learnt.
    let sample: SampleOptions
    let saveEvery: Int?
    let savePath: String?
    let until: Condition?
    let patience: Int?
    private let command: Invocation

    init(_ command: Invocation, shell: Shell) throws {
        self.command = command
        sampleEvery = command.integer("sample_every")
        saveEvery = command.integer("save_every")
        patience = command.integer("patience")
        let session = shell.session
        sample = SampleOptions(tokens: command.integer("sample_len")!, prompt: command.text("prompt"),
                               seed: session.hyper.seed)
        try Self.pair(command, "sample_len", needs: "sample_every")
        try Self.pair(command, "prompt", needs: "sample_every")
        try Self.pair(command, "path", needs: "save_every")
        try Self.pair(command, "save_every", needs: "path")
        savePath = command.text("path").map(shell.resolve)
        if let prompt = sample.prompt, let tokenizer = session.tokenizer {
            do { _ = try tokenizer.encode(prompt) } catch let error as TokenizerError {
                throw ShellError(Messages.unknownCharacter(in: "the prompt", error), at: command.location(of: "prompt"))
            }
        }
        until = try command.text("until").map { try Self.condition($0, at: command.location(of: "until")) }
        let evalInterval = command.assignments.last { $0.name == "eval_interval" }.map { Int($0.value) }
            ?? session.hyper.evalInterval
        let evalIters = command.assignments.last { $0.name == "eval_iters" }.map { Int($0.value) } ?? session.hyper.evalIters
        for name in ["until", "patience"] where command.options[name] != nil && evalInterval == 0 {
            throw ShellError("\(name)= is checked at evaluations, and eval_interval is 0 (only at the end): "
                             + "give eval_interval=N", at: command.location(of: name))
        }
        for name in ["until", "patience"] where command.options[name] != nil && evalIters == 0 {
            throw ShellError("\(name)= is checked at evaluations, and eval_iters is 0 (none): give eval_iters=N",
                             at: command.location(of: name))
        }
        let watched = [("until", until?.quantity), ("patience", patience.map { _ in "val_loss" })]
        for case let (name, quantity?) in watched {
            if let reason = Condition.unmeasurable(quantity, in: session) {
                throw ShellError("\(name)= watches val_loss, but " + reason, at: command.location(of: name))
            }
        }
    }

    func location(of name: String) -> SourceLocation { command.location(of: name) }

    private static func pair(_ command: Invocation, _ name: String, needs other: String) throws {
        if command.options[name] != nil && command.options[other] == nil {
            throw ShellError("\(name)= goes with \(other)=", at: command.location(of: name))
        }
    }

    /// Reads the condition in a string with the shell's own lexer; its errors point into the string.
    private static func condition(_ text: String, at location: SourceLocation) throws -> Condition {
        let form = "write until=\"QUANTITY OP NUMBER\", e.g. until=\"val_loss < 1.9\""
        let inside = { (l: SourceLocation) in
            SourceLocation(source: location.source, line: location.line, column: location.column + l.column)
        }
        let result: Lexer.Result
        do {
            result = try Lexer.lex(text, source: location.source)
        } catch let error as ShellError {
            throw ShellError(error.message, at: inside(error.location))
        }
        guard case .tokens(let all) = result else { throw ShellError(form, at: location) }
        var tokens = all.filter { $0.kind != .separator }
        for i in tokens.indices { tokens[i].location = inside(tokens[i].location) }
        return try Condition(tokens, end: inside(SourceLocation(source: "", line: 1, column: text.count + 1)), form: form)
    }
}
