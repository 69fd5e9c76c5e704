/// One lexical unit of a command line.
public struct Token: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case word
        case number(Double)
        /// A quoted string, with its escapes resolved.
        case string(String)
        /// `=` joining a key to its value.
        case equals
        case comparison(Comparison)
        /// `;` or the end of a line.
        case separator
    }

    public var kind: Kind
    /// The token as spelled in the source (quotes and escapes included).
    public var text: String
    public var location: SourceLocation
    /// Whether whitespace separates this token from the one before; `key=value` needs none.
    public var spaceBefore: Bool

    public init(_ kind: Kind, _ text: String, at location: SourceLocation, spaceBefore: Bool) {
        self.kind = kind
        self.text = text
        self.location = location
        self.spaceBefore = spaceBefore
    }

    /// The value a word, number or string stands for when used as text.
    public var textValue: String? {
        switch kind {
        case .word, .number: return text
        case .string(let s): return s
        default: return nil
        }
    }

    public var isQuoted: Bool {
        if case .string = kind { return true }
        return false
    }

    /// The column just past this token, for errors about what is missing after it.
    public var end: SourceLocation {
        var l = location
        l.column += text.count
        return l
    }
}

public enum Comparison: String, CaseIterable, Sendable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "=="

    public func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        case .equal: return a == b
        }
    }
}
