import Foundation

/// Where a corpus's text first defeats a tokenizer, for fine-tuning a loaded model on a new
/// text: the error names the character and its line and column in the file.
extension Session {
    /// The corpus's parts encoded with `tokenizer`, or the located reason they cannot be.
    func encodeLocating(_ corpus: Corpus, with tokenizer: any Tokenizer,
                        shouldStop: () -> Bool = { false }) throws -> (TokenStream, TokenStream) {
        do {
            return try encodeParts(corpus, with: tokenizer, shouldStop: shouldStop)
        } catch TokenizerError.unknownCharacter(let c, _) {
            let (line, column) = Self.firstPosition(of: c, inFileAt: corpus.path) ?? Self.firstPosition(of: c, in: corpus.text) ?? (1, 1)
            throw EngineError.cannotEncode(path: corpus.path, line: line, column: column, character: c, tokenizer: tokenizer.kind)
        }
    }

    /// The file's own lines, not the corpus text (which `sep=` rejoins): the tokenizer fails at
    /// the first occurrence of its first missing character, wherever documents were cut.
    private static func firstPosition(of c: Character, inFileAt path: String) -> (Int, Int)? {
        guard let data = try? BoundedFileRead.read(path), let text = String(data: data, encoding: .utf8) else { return nil }
        return firstPosition(of: c, in: text)
    }

    static func firstPosition(of c: Character, in text: String) -> (line: Int, column: Int)? {
        var line = 1, column = 1
        for ch in text {
            if ch == c { return (line, column) }
            if ch.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return nil
    }
}
