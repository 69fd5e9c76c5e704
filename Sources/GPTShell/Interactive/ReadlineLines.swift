import Foundation

/// Lines typed at the `gpt> ` prompt.
public final class ReadlineLines: LineSource {
    public let name = "<stdin>"
    private let history: History?
    private var lineNumber = 0

    init(history: History?) { self.history = history }

    public func nextLine(continuing: Bool) -> InputLine {
        switch Readline.read(prompt: continuing ? "...> " : "gpt> ") {
        case .line(let bytes):
            lineNumber += 1
            guard bytes.count <= LineDecoder.maxBytes else { return LineDecoder.tooLong(line: lineNumber, source: name) }
            let line = LineDecoder.decode(bytes[...], line: lineNumber, source: name)
            if case .line(let text, _) = line { history?.add(text) }
            return line
        case .end:
            // Ctrl-D leaves the cursor after the prompt.
            print()
            return .end
        case .interrupted:
            return .interrupted
        }
    }
}
