import GPTEngine

/// What `sample` and `chat` share: the options that shape each drawn token, and streaming a
/// sample to the output.
enum SamplingControls {
    static let options: [OptionSpec] = [
        OptionSpec("temperature", .real(0...100), "T", default: .value(.real(1)), "below 1 is more conservative; 0 is greedy"),
        OptionSpec("top_k", .integer(0...Int.max), "K", default: .value(.integer(0)), "draw only from the K likeliest tokens (0: off)"),
        OptionSpec("top_p", .real(0...1), "P", default: .value(.real(1)),
                   "draw only from the likeliest tokens whose probabilities add up to P (above 0; 1: off)"),
        OptionSpec("stop", .text, "\"TEXT\"|eot", repeatable: true,
                   "end at this text (not printed) or, unquoted eot, at <|endoftext|>; may be repeated"),
    ]

    /// Sets temperature, top-k, top-p and the stops from `command`; stops it names replace
    /// `defaultStops`.
    static func apply(_ command: Invocation, to options: inout SampleOptions, in shell: Shell,
                      defaultStops: [String] = []) throws {
        options.temperature = command.real("temperature")!
        options.topK = command.integer("top_k")!
        let topP = command.real("top_p")!
        guard topP > 0 else {
            throw ShellError("top_p must be above 0 and at most 1, got 0 (1 turns it off)", at: command.location(of: "top_p"))
        }
        options.topP = topP
        let stops = command.all("stop")
        options.stopStrings = stops.isEmpty ? defaultStops : []
        for stop in stops {
            guard case .text(let text) = stop.value else { continue }
            if !stop.quoted && text == "eot" {
                try requireEndOfText(shell.session.tokenizer, at: stop.location)
                options.stopAtEndOfText = true
            } else if text.isEmpty {
                throw ShellError("a stop string cannot be empty", at: stop.location)
            } else {
                options.stopStrings.append(text)
            }
        }
    }

    private static func requireEndOfText(_ tokenizer: (any Tokenizer)?, at location: SourceLocation) throws {
        guard let tokenizer, tokenizer.specialTokens[SpecialToken.endOfText] == nil else { return }
        throw ShellError("stop=eot needs a tokenizer with \(SpecialToken.endOfText); the \(tokenizer.kind) tokenizer has none "
            + "(use `tokenizer byte` or `tokenizer bpe vocab=N`)", at: location)
    }

    /// Samples, writing `prefix` just before the first generated text, so that a prompt the
    /// tokenizer refuses prints nothing.
    static func stream(_ options: SampleOptions, prefix: String, in shell: Shell) throws -> SampleResult {
        var pending = prefix
        let result = try shell.session.sample(options, emit: { text in
            shell.output.stream(pending + text)
            pending = ""
        }, shouldStop: shell.shouldStop)
        shell.output.stream(pending)
        shell.output.finishLine()
        return result
    }

    /// Ended by Ctrl-C rather than by its length or a stop.
    static func wasInterrupted(_ result: SampleResult, _ options: SampleOptions) -> Bool {
        result.stoppedBy == nil && result.tokens.count < options.tokens
    }
}
