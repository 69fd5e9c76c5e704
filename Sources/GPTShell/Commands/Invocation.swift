import GPTEngine

/// A parsed and validated command, ready for its handler. What was not given reads as its
/// declared default, so a handler never repeats one.
public struct Invocation {
    public enum Value: Equatable {
        case integer(Int)
        case real(Double)
        case text(String)
        case boolean(Bool)

        /// As a user would type it back.
        var shown: String {
            switch self {
            case .integer(let v): return String(v)
            case .real(let v): return Format.number(v)
            case .text(let v): return v
            case .boolean(let v): return v ? "true" : "false"
            }
        }
    }

    public struct Parsed {
        public let value: Value
        public let location: SourceLocation
        /// Written as a quoted string: always literal text, never `@FILE` or a keyword like `eot`.
        public let quoted: Bool

        var textValue: String? {
            if case .text(let v) = value { return v }
            return nil
        }
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
    /// The tokens a `.words` or `.expression` argument received.
    public let rest: [Token]
    /// Just past the last token, for errors about something missing.
    public let end: SourceLocation
    /// The session's settings when the command runs, for defaults that are a setting.
    var settings: Hyperparameters?

    /// The value given, or else the declared default.
    public func value(_ name: String) -> Value? {
        if let given = (arguments[name] ?? options[name])?.value { return given }
        let declared = spec.arguments.first { $0.name == name }?.defaultValue ?? spec.option(named: name)?.defaultValue
        switch declared {
        case .value(let v)?: return v
        case .setting(let key)?:
            guard let settings, let hyper = Hyperparameters.spec(named: key) else { return nil }
            let v = hyper.value(in: settings)
            switch hyper.kind {
            case .integer: return .integer(Int(v))
            case .real: return .real(v)
            case .boolean: return .boolean(v != 0)
            case .choice: return .text(hyper.format(v))
            }
        default: return nil
        }
    }

    public func integer(_ name: String) -> Int? {
        if case .integer(let v)? = value(name) { return v }
        return nil
    }

    public func real(_ name: String) -> Double? {
        switch value(name) {
        case .real(let v)?: return v
        case .integer(let v)?: return Double(v)
        default: return nil
        }
    }

    public func flag(_ name: String) -> Bool? {
        if case .boolean(let v)? = value(name) { return v }
        return nil
    }

    public func text(_ name: String) -> String? {
        if case .text(let v)? = value(name) { return v }
        return nil
    }

    /// Whether the command line gave it (rather than its default).
    public func given(_ name: String) -> Bool { arguments[name] != nil || options[name] != nil }

    public func all(_ name: String) -> [Parsed] {
        repeated[name] ?? options[name].map { [$0] } ?? []
    }

    /// Where an argument or option was written, or the command's location if it was not.
    public func location(of name: String) -> SourceLocation {
        (arguments[name] ?? options[name])?.location ?? location
    }

    /// The `.words` argument as written: tokens joined with one space where the source had space.
    public var restText: String {
        var out = ""
        for (i, t) in rest.enumerated() {
            if i > 0 && t.spaceBefore { out += " " }
            out += t.textValue ?? t.text
        }
        return out
    }
}
