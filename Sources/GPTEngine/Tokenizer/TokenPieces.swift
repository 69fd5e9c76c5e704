/// A token as `encode "text"` shows it.
public struct TokenPiece: Equatable, Sendable {
    public let id: Int32
    /// Whole characters as text, control characters escaped, bytes of partial characters
    /// as `<e4>`.
    public let text: String
}

extension Tokenizer {
    public func pieces(of text: String) throws -> [TokenPiece] {
        try encode(text).map { TokenPiece(id: $0, text: piece($0)) }
    }

    /// How token `id` reads: see `TokenPiece.text`.
    public func piece(_ id: Int32) -> String {
        let b = bytes(of: id)
        var out = ""
        var i = 0
        while i < b.count {
            var it = b[i...].makeIterator()
            var decoder = UTF8()
            if case .scalarValue(let s) = decoder.decode(&it) {
                out += Self.show(s)
                i += UTF8.width(s)
            } else {
                out += "<" + (b[i] < 16 ? "0" : "") + String(b[i], radix: 16) + ">"
                i += 1
            }
        }
        return out
    }

    private static func show(_ s: Unicode.Scalar) -> String {
        switch s {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            if s.properties.generalCategory == .control { return "\\u{" + String(s.value, radix: 16) + "}" }
            return String(s)
        }
    }
}
