import Foundation
import GPTEngine

/// Text given inline or as `@FILE` (`prompt=@intro.txt`, `score @poem.txt`). Only an unquoted
/// value names a file: quoting is the escape for text that itself starts with `@`, so
/// `prompt="@home"` is those five characters.
enum TextOrFile {
    /// The text `parsed` stands for; a file is read whole, its last newline kept, with its
    /// path resolved as every path in a script is.
    static func read(_ parsed: Invocation.Parsed, in shell: Shell) throws -> String {
        guard case .text(let written) = parsed.value else {
            throw ShellError("expected text or @FILE", at: parsed.location)
        }
        guard !parsed.quoted, written.hasPrefix("@") else { return written }
        let name = String(written.dropFirst())
        guard !name.isEmpty else {
            throw ShellError("'@' must be followed by a file name (quote the text to mean '@' itself)", at: parsed.location)
        }
        let path = shell.resolve(name)
        let data: Data
        do {
            data = try BoundedFileRead.read(path)
        } catch {
            throw ShellError("\(error)", at: parsed.location)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ShellError("'\(path)' is not valid UTF-8 text", at: parsed.location)
        }
        return text
    }
}
