/// Parses one JSON Lines line holding an object, keeping its string members and where each
/// value starts, so that errors can give a column (Foundation's parser gives none). Members
/// of other types are checked and kept as non-strings; nested values are skipped whole.
enum FlatJSONObject {
    struct Failure: Error {
        var column: Int
        var message: String
    }

    /// A member's string value (nil for a number, object, …) and its 1-based column.
    typealias Member = (value: String?, column: Int)

    static func parse(_ line: [Unicode.Scalar]) throws -> [String: Member] {
        var p = Parser(s: line)
        p.skipSpace()
        try p.expect("{", "a JSON object, starting with {")
        var members: [String: Member] = [:]
        p.skipSpace()
        if p.peek == "}" {
            p.i += 1
        } else {
            while true {
                p.skipSpace()
                let keyColumn = p.i + 1
                guard p.peek == "\"" else { throw p.failure("expected a member name in double quotes") }
                let key = try p.string()
                if members[key] != nil { throw Failure(column: keyColumn, message: "\"\(key)\" is given twice") }
                p.skipSpace()
                try p.expect(":", "':' after the member name")
                p.skipSpace()
                let column = p.i + 1
                if p.peek == "\"" {
                    members[key] = (try p.string(), column)
                } else {
                    try p.skipValue()
                    members[key] = (nil, column)
                }
                p.skipSpace()
                if p.peek == "," { p.i += 1; continue }
                try p.expect("}", "',' or '}' after a member")
                break
            }
        }
        p.skipSpace()
        if p.i < line.count { throw p.failure("text after the object's closing }: one object per line") }
        for (key, member) in members where member.value == nil && ["prompt", "response"].contains(key) {
            throw Failure(column: member.column, message: "the \(key) must be a string")
        }
        return members
    }

    private struct Parser {
        let s: [Unicode.Scalar]
        var i = 0

        var peek: Unicode.Scalar? { i < s.count ? s[i] : nil }

        func failure(_ message: String) -> Failure {
            Failure(column: i + 1, message: peek == nil ? message + ", but the line ends" : message)
        }

        mutating func skipSpace() {
            while let c = peek, c == " " || c == "\t" || c == "\r" { i += 1 }
        }

        mutating func expect(_ c: Unicode.Scalar, _ what: String) throws {
            guard peek == c else { throw failure("expected \(what)") }
            i += 1
        }

        mutating func string() throws -> String {
            i += 1
            var out = String.UnicodeScalarView()
            while true {
                guard let c = peek else { throw failure("the string is not closed") }
                if c == "\"" { i += 1; return String(out) }
                if c.value < 0x20 { throw failure("a control character inside a string must be escaped") }
                if c != "\\" { out.append(c); i += 1; continue }
                i += 1
                guard let e = peek else { throw failure("the string is not closed") }
                switch e {
                case "\"", "\\", "/": out.append(e)
                case "b": out.append("\u{8}")
                case "f": out.append("\u{c}")
                case "n": out.append("\n")
                case "r": out.append("\r")
                case "t": out.append("\t")
                case "u":
                    i -= 1
                    out.append(try unicodeEscape())
                    continue
                default: throw failure("'\\\(e)' is not a JSON escape")
                }
                i += 1
            }
        }

        /// `\uXXXX`, or a surrogate pair of two; `i` is at the backslash.
        private mutating func unicodeEscape() throws -> Unicode.Scalar {
            let start = i
            let high = try hex4()
            if (0xD800..<0xDC00).contains(high) {
                guard peek == "\\", i + 1 < s.count, s[i + 1] == "u" else {
                    throw Failure(column: start + 1, message: "a lone surrogate \\u escape")
                }
                let low = try hex4()
                guard (0xDC00..<0xE000).contains(low) else { throw Failure(column: start + 1, message: "a lone surrogate \\u escape") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw Failure(column: start + 1, message: "a lone surrogate \\u escape") }
            return scalar
        }

        private mutating func hex4() throws -> UInt32 {
            i += 2
            var v: UInt32 = 0
            for _ in 0..<4 {
                guard let c = peek, c.isASCII, let d = UInt32(String(c), radix: 16) else {
                    throw failure("expected four hex digits after \\u")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }

        /// Any JSON value other than a string at the top: numbers, literals, arrays, objects.
        mutating func skipValue() throws {
            guard let c = peek else { throw failure("expected a value") }
            switch c {
            case "\"": _ = try string()
            case "{", "[":
                let close: Unicode.Scalar = c == "{" ? "}" : "]"
                i += 1
                skipSpace()
                if peek == close { i += 1; return }
                while true {
                    skipSpace()
                    if close == "}" {
                        guard peek == "\"" else { throw failure("expected a member name in double quotes") }
                        _ = try string()
                        skipSpace()
                        try expect(":", "':' after the member name")
                        skipSpace()
                    }
                    try skipValue()
                    skipSpace()
                    if peek == "," { i += 1; continue }
                    try expect(close, "',' or '\(close)'")
                    return
                }
            case "t": try word("true")
            case "f": try word("false")
            case "n": try word("null")
            default:
                let start = i
                while let d = peek, "+-.eE0123456789".unicodeScalars.contains(d) { i += 1 }
                guard i > start, Double(String(String.UnicodeScalarView(s[start..<i]))) != nil else {
                    i = start
                    throw failure("expected a JSON value")
                }
            }
        }

        private mutating func word(_ w: String) throws {
            for c in w.unicodeScalars {
                guard peek == c else { throw failure("expected a JSON value") }
                i += 1
            }
        }
    }
}
