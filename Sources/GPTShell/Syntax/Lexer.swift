/// Splits one logical line (physical lines joined where a line ends in `\`) into tokens.
/// A trailing `\` asks the caller for the next line instead of failing; `resume(with:)` then
/// lexes only the new line, so a long run of continued lines costs time in proportion to its length.
public struct Lexer {
    public enum Result: Equatable {
        case tokens([Token])
        case needsMoreInput
    }

    private var chars: [Character]
    private let source: String
    private var index = 0
    private var line: Int
    private var column = 1
    private var tokens: [Token] = []
    private var spaceBefore = true
    /// A double-quoted string the input ended inside, right after a `\`.
    private var openString: OpenString?
    /// Characters consumed so far, each once however many lines the text arrived in.
    public private(set) var charactersScanned = 0

    private struct OpenString {
        var open: SourceLocation
        var text: String
        var value: String
    }

    public init(_ text: String, source: String, line: Int = 1) {
        chars = Lexer.characters(text)
        self.source = source
        self.line = line
    }

    public static func lex(_ text: String, source: String, line: Int = 1) throws -> Result {
        var lexer = Lexer(text, source: source, line: line)
        return try lexer.run()
    }

    /// Lexes the text given so far; call again after `resume(with:)` when it needs more input.
    public mutating func run() throws -> Result {
        if let pending = openString, try !string(at: pending.open) { return .needsMoreInput }
        return try scan()
    }

    /// Appends the physical line that continues the text after its trailing `\`.
    public mutating func resume(with line: String) {
        chars.append("\n")
        chars.append(contentsOf: Lexer.characters(line))
    }

    /// The text's characters, with a quote, `;`, `=` or any other character the lexer treats
    /// apart split from combining marks that follow it: Unicode joins `"` and U+0301 into one
    /// character, which would hide the quote that opens `"\u{301}"`.
    static func characters(_ text: String) -> [Character] {
        var out: [Character] = []
        for c in text {
            guard c.unicodeScalars.count > 1, let first = c.unicodeScalars.first, first.isASCII, c != "\r\n" else {
                out.append(c)
                continue
            }
            out.append(Character(first))
            out.append(contentsOf: String(String.UnicodeScalarView(c.unicodeScalars.dropFirst())))
        }
        return out
    }

    private var location: SourceLocation { SourceLocation(source: source, line: line, column: column) }
    private var current: Character? { index < chars.count ? chars[index] : nil }
    private var next: Character? { index + 1 < chars.count ? chars[index + 1] : nil }

    private mutating func advance() {
        if chars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
        charactersScanned += 1
    }

    private mutating func emit(_ kind: Token.Kind, _ text: String, at start: SourceLocation) {
        tokens.append(Token(kind, text, at: start, spaceBefore: spaceBefore))
        spaceBefore = false
    }

    private mutating func scan() throws -> Result {
        while let c = current {
            let start = location
            switch c {
            case "\\":
                guard let n = next else { return .needsMoreInput }
                guard n == "\n" else {
                    throw ShellError("unexpected '\\': outside double quotes a backslash may only end a line to continue it", at: start)
                }
                advance()
                advance()
                spaceBefore = true
            case "\n":
                advance()
                spaceBefore = true
            case ";":
                advance()
                emit(.separator, ";", at: start)
                spaceBefore = true
            case "#":
                while let c = current, c != "\n" { advance() }
            case "\"":
                guard try string(at: start) else { return .needsMoreInput }
            case "'":
                let (value, text) = try singleQuoted()
                emit(.string(value), text, at: start)
            case "=", "<", ">":
                try comparisonOrEquals(at: start)
            case _ where c.isWhitespace:
                advance()
                spaceBefore = true
            case _ where c.isControl:
                throw ShellError("unexpected control character \(c.scalarNames)", at: start)
            default:
                word(at: start)
            }
        }
        return .tokens(tokens)
    }

    private mutating func word(at start: SourceLocation) {
        var text = ""
        while let c = current, !Lexer.endsWord(c) {
            text.append(c)
            advance()
        }
        emit(NumberLiteral.value(of: text).map(Token.Kind.number) ?? .word, text, at: start)
    }

    static func endsWord(_ c: Character) -> Bool {
        c.isWhitespace || c.isControl || "\\;#\"'=<>".contains(c)
    }

    private mutating func comparisonOrEquals(at start: SourceLocation) throws {
        let first = current!
        advance()
        if current == "=" {
            advance()
            emit(.comparison(Comparison(rawValue: "\(first)=")!), "\(first)=", at: start)
        } else if first == "=" {
            emit(.equals, "=", at: start)
        } else {
            emit(.comparison(Comparison(rawValue: String(first))!), String(first), at: start)
        }
    }

    /// Emits a double-quoted string; false when the input ends inside it right after a `\`.
    private mutating func string(at start: SourceLocation) throws -> Bool {
        guard let (value, text) = try doubleQuoted() else { return false }
        emit(.string(value), text, at: start)
        return true
    }

    /// Lexes a string from its opening quote, or from the newline after the `\` it was left at;
    /// nil (with the string kept in `openString`) when the input ends right after a `\`.
    private mutating func doubleQuoted() throws -> (String, String)? {
        var string: OpenString
        if let pending = openString {
            string = pending
            openString = nil
            string.text.append("\n")
            advance()
        } else {
            string = OpenString(open: location, text: "\"", value: "")
            advance()
        }
        while true {
            guard let c = current, c != "\n" else {
                throw ShellError("unterminated string: missing the closing '\"'", at: string.open)
            }
            let at = location
            string.text.append(c)
            advance()
            switch c {
            case "\"":
                return (string.value, string.text)
            case "\\":
                guard let e = current else {
                    openString = string
                    return nil
                }
                string.text.append(e)
                advance()
                if e == "\n" { continue }
                string.value += try escape(e, at: at, text: &string.text)
            case _ where c.isControl && c != "\t":
                throw ShellError("control character \(c.scalarNames) in a string; write it as an escape", at: at)
            default:
                string.value.append(c)
            }
        }
    }

    private mutating func escape(_ e: Character, at: SourceLocation, text: inout String) throws -> String {
        switch e {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "0": return "\0"
        case "\"", "\\", "'": return String(e)
        case "u": return String(try unicodeEscape(at: at, text: &text))
        default:
            throw ShellError("unknown escape '\\\(e)' (known: \\n \\t \\r \\0 \\\" \\' \\\\ \\u{HEX})", at: at)
        }
    }

    private mutating func unicodeEscape(at: SourceLocation, text: inout String) throws -> Character {
        let form = "a \\u escape is written \\u{HEX} with 1 to 8 hex digits, e.g. \\u{4F60}"
        guard current == "{" else { throw ShellError(form, at: at) }
        text.append("{")
        advance()
        var hex = ""
        while let c = current, c.isHexDigit, hex.count <= 8 {
            hex.append(c)
            text.append(c)
            advance()
        }
        guard current == "}", (1...8).contains(hex.count) else { throw ShellError(form, at: at) }
        text.append("}")
        advance()
        guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else {
            throw ShellError("\\u{\(hex)} is not a Unicode scalar value", at: at)
        }
        return Character(scalar)
    }

    /// The value apart from the text: a combining mark after the quote joins it in `text`.
    private mutating func singleQuoted() throws -> (String, String) {
        let open = location
        var text = "'", value = ""
        advance()
        while let c = current, c != "\n" {
            if c.isControl && c != "\t" {
                throw ShellError("control character \(c.scalarNames) in a string", at: location)
            }
            text.append(c)
            advance()
            if c == "'" { return (value, text) }
            value.append(c)
        }
        throw ShellError("unterminated string: missing the closing \"'\"", at: open)
    }
}

extension Character {
    var isControl: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// `U+0007`, or several for a cluster, for messages about characters one cannot see.
    var scalarNames: String {
        unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true).leftPadded(to: 4) }.joined(separator: " ")
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
