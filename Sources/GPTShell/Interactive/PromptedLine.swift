/// A line typed at a sub-prompt, such as `chat`'s `you> `.
public enum PromptedLine: Equatable {
    case line(String)
    /// Ctrl-D.
    case end
    /// Ctrl-C: the line typed so far is dropped.
    case interrupted
}

extension Readline {
    /// Reads at `prompt` with a history of its own: what is typed there is text for the model,
    /// not a command to recall. Invalid UTF-8 becomes U+FFFD rather than an error.
    static func readLine(prompt: String) -> PromptedLine {
        switch SubPromptHistory.reading({ () -> Read in
            let read = read(prompt: prompt)
            if case .line(let bytes) = read { SubPromptHistory.add(String(decoding: bytes, as: UTF8.self)) }
            return read
        }) {
        case .line(let bytes): return .line(String(decoding: bytes, as: UTF8.self))
        case .end:
            // Ctrl-D leaves the cursor after the prompt.
            print()
            return .end
        case .interrupted: return .interrupted
        }
    }
}
