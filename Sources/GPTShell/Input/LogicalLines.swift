/// Reads physical lines until they form a complete logical line (one not ending in `\`) and lexes it.
enum LogicalLines {
    enum Next {
        case tokens([Token], text: String, line: Int)
        /// The text is there when the failure is about a line the user can be shown.
        case failure(ShellError, text: (text: String, line: Int)?)
        case interrupted
        case end
    }

    /// Each physical line is appended and lexed once, and the length limit is checked as the
    /// lines arrive, so neither a long run of continued lines nor an endless one costs more
    /// than reading it.
    static func next(from source: LineSource) -> Next {
        var text = ""
        var lexer: Lexer?
        var first = 0
        while true {
            switch source.nextLine(continuing: lexer != nil) {
            case .line(let line, let number):
                if lexer == nil {
                    first = number
                    lexer = Lexer(line, source: source.name, line: number)
                } else {
                    text += "\n"
                    lexer!.resume(with: line)
                }
                text += line
                if text.utf8.count > LineDecoder.maxBytes, case .failure(let error) = LineDecoder.tooLong(line: first, source: source.name) {
                    return .failure(error, text: nil)
                }
                do {
                    if case .tokens(let tokens) = try lexer!.run() {
                        return .tokens(tokens, text: text, line: first)
                    }
                } catch let error as ShellError {
                    return .failure(error, text: (text, first))
                } catch {
                    return .failure(ShellError(error, at: SourceLocation(source: source.name, line: first, column: 1)), text: nil)
                }
            case .end:
                guard lexer != nil else { return .end }
                let last = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
                let location = SourceLocation(source: source.name, line: first + last.count - 1,
                                              column: String(last.last!).count)
                return .failure(ShellError("the input ends after a '\\' that continues the line", at: location),
                                text: (text, first))
            case .failure(let error):
                return .failure(error, text: nil)
            case .interrupted:
                return .interrupted
            }
        }
    }
}
