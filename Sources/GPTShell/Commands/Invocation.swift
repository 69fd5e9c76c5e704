/// A parsed and validated command, ready for its handler.
public struct Invocation {
    public enum Value: Equatable {
        case integer(Int)
        case real(Double)
        case text(String)
        case boolean(Bool)
    }

    public struct Parsed {
        public let value: Value
        public let location: SourceLocation
        /// Written as a quoted string: always literal text, never `@FILE` or a keyword like `eot`.
        public let quoted: Bool
    }

    public struct Assignment {
        /// The hyperparameter's canonical name (`learning_rate` for `lr`).
        public let name: String
        public let value: Double
        public let keyLocation: SourceLocation
        public let valueLocation: SourceLocation
    }

    public let spec: CommandSpec
    /// Where the command's name starts; errors from running it are reported here.
    public let location: SourceLocation
    public let arguments: [String: Parsed]
    public let options: [String: Parsed]
    /// Every value of a repeatable option, in order; `options` holds the first.
    public let repeated: [String: [Parsed]]
    public let assignments: [Assignment]
    /// The tokens a `.text` or `.expression` argument received.
    public let rest: [Token]
    /// Just past the last token, for errors about something missing.
    public let end: SourceLocation

    public func integer(_ name: String) -> Int? {
        if case .integer(let v)? = (arguments[name] ?? options[name])?.value { return v }
        return nil
    }

    public func real(_ name: String) -> Double? {
        switch (arguments[name] ?? options[name])?.value {
        case .real(let v)?: return v
        case .integer(let v)?: return Double(v)
        default: return nil
        }
    }

    public func flag(_ name: String) -> Bool? {
        if case .boolean(let v)? = (arguments[name] ?? options[name])?.value { return v }
        return nil
    }

    public func text(_ name: String) -> String? {
        if case .text(let v)? = (arguments[name] ?? options[name])?.value { return v }
        return nil
    }

    public func all(_ name: String) -> [Parsed] {
        repeated[name] ?? options[name].map { [$0] } ?? []
    }

    /// Where an argument or option was written, or the command's location if it was not.
    public func location(of name: String) -> SourceLocation {
        (arguments[name] ?? options[name])?.location ?? location
    }

    /// The `.text` argument as written: tokens joined with one space where the source had space.
    public var restText: String {
        var out = ""
        for (i, t) in rest.enumerated() {
            if i > 0 && t.spaceBefore { out += " " }
            out += t.textValue ?? t.text
        }
        return out
    }
}
