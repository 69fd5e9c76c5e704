/// One training example of `load pairs`: a prompt and the response the model learns to give.
public struct PromptPair: Equatable, Sendable {
    public var prompt: String
    public var response: String
    /// The 1-based line of the file it came from and the columns where the prompt's and the
    /// response's text start, for errors that point back at it.
    public var line: Int
    public var promptColumn: Int
    public var responseColumn: Int

    public init(prompt: String, response: String, line: Int, promptColumn: Int = 1, responseColumn: Int = 1) {
        self.prompt = prompt
        self.response = response
        self.line = line
        self.promptColumn = promptColumn
        self.responseColumn = responseColumn
    }
}
