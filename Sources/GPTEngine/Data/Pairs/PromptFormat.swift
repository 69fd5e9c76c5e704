/// How a prompt/response pair becomes one training text: the prompt, the separator, the
/// response and `<|endoftext|>`. `answer` builds its context with the same `context(for:)`
/// training used, so the model sees at inference exactly the tokens it was trained on.
/// Checkpoints record it, so a model trained on pairs answers after `load`.
public struct PromptFormat: Codable, Equatable, Sendable {
    /// Between the prompt and the response. A newline: one token in every tokenizer, which
    /// GPT-2's pre-split keeps apart from the words around it.
    public var separator: String

    public static let standard = PromptFormat(separator: "\n")

    public init(separator: String) { self.separator = separator }

    /// What the model is given before it answers.
    public func context(for prompt: String) -> String { prompt + separator }

    /// The whole example as text, for building a tokenizer over the pairs.
    public func text(of pair: PromptPair) -> String {
        context(for: pair.prompt) + pair.response + SpecialToken.endOfText
    }

    /// The example's tokens and how many of them are the context (prompt and separator).
    /// Context and response are encoded apart so that no token spans the boundary: the context
    /// tokens are then exactly those `answer` feeds the model.
    public func encode(_ pair: PromptPair, with tokenizer: any Tokenizer) throws -> (ids: [Int32], contextLength: Int) {
        guard let endOfText = tokenizer.specialTokens[SpecialToken.endOfText] else {
            throw EngineError.invalidArgument("pairs need a tokenizer with \(SpecialToken.endOfText), which ends each response; the \(tokenizer.kind) tokenizer has none")
        }
        func encode(_ text: String, inResponse: Bool) throws -> [Int32] {
            do { return try tokenizer.encode(text) } catch let error as TokenizerError {
                throw PairEncodingFailure(pair: pair, inResponse: inResponse, error: error)
            }
        }
        let context = try encode(context(for: pair.prompt), inResponse: false)
        let response = try encode(pair.response, inResponse: true)
        return (context + response + [endOfText], context.count)
    }
}

/// A pair's text the tokenizer cannot encode, and whether it is in the response or the prompt.
public struct PairEncodingFailure: Error, Equatable {
    public var pair: PromptPair
    public var inResponse: Bool
    public var error: TokenizerError
}
