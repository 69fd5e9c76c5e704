extension Session {
    /// The model's response to `prompt`, put in the prompt format the model was trained with
    /// and generated until `<|endoftext|>` (not part of the text) or `options.tokens` tokens.
    /// `options.prompt` and its stops are replaced. Like `sample`, it leaves training untouched.
    public func answer(_ prompt: String, options: SampleOptions, emit: (String) -> Void,
                       shouldStop: () -> Bool = { false }) throws -> SampleResult {
        guard let format = promptFormat else { throw EngineError.missing(.pairs) }
        var o = options
        o.prompt = format.context(for: prompt)
        o.stopStrings = []
        o.stopAtEndOfText = true
        return try sample(o, emit: emit, shouldStop: shouldStop)
    }
}
