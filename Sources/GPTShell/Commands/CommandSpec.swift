/// One entry of the command table: everything the parser, `help` and tab completion need to
/// know about a command, and the code that runs it. A new command is one new entry.
public struct CommandSpec {
    /// The command's name and, for a command like `tokenizer char`, its sub-word.
    public let words: [String]
    /// Other names for the first word (`exit` for `quit`).
    public let aliases: [String]
    public let arguments: [ArgumentSpec]
    public let options: [OptionSpec]
    public let hyperparameters: HyperparameterOptions
    public let summary: String
    /// Longer help shown by `help COMMAND`, after the summary.
    public let details: String?
    public let example: String
    private let customUsage: String?
    public let handler: (Shell, Invocation) throws -> Void

    public init(_ words: [String], aliases: [String] = [], arguments: [ArgumentSpec] = [],
                options: [OptionSpec] = [], hyperparameters: HyperparameterOptions = .none,
                usage: String? = nil, summary: String, details: String? = nil, example: String,
                handler: @escaping (Shell, Invocation) throws -> Void) {
        self.words = words
        self.aliases = aliases
        self.arguments = arguments
        self.options = options
        self.hyperparameters = hyperparameters
        customUsage = usage
        self.summary = summary
        self.details = details
        self.example = example
        self.handler = handler
    }

    public var name: String { words.joined(separator: " ") }

    public var usage: String {
        if let customUsage { return customUsage }
        var parts = words
        for a in arguments {
            let shown = a.kind.isRest ? "\(a.name)..." : a.name
            parts.append(a.optional ? "[\(shown)]" : shown)
        }
        for o in options { parts.append("[\(o.name)=\(o.placeholder)]") }
        if hyperparameters != .none { parts.append("[KEY=VALUE ...]") }
        return parts.joined(separator: " ")
    }

    public func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
}

/// A positional argument.
public struct ArgumentSpec {
    public enum Kind {
        case integer(ClosedRange<Int>)
        case real
        case path
        case choice([String])
        case hyperparameterKey
        /// A number, or `true`/`false` for a boolean key: `set` checks it against its key.
        case hyperparameterValue
        /// Everything that follows, as written (`echo`).
        case text
        /// Everything that follows, for the handler to read (`assert`).
        case expression

        var isRest: Bool {
            switch self {
            case .text, .expression: return true
            default: return false
            }
        }
    }

    public let name: String
    public let kind: Kind
    public let optional: Bool
    public let summary: String

    public init(_ name: String, _ kind: Kind, optional: Bool = false, _ summary: String) {
        self.name = name
        self.kind = kind
        self.optional = optional
        self.summary = summary
    }
}

/// A `key=value` option.
public struct OptionSpec {
    public enum Kind {
        case integer(ClosedRange<Int>)
        case real(ClosedRange<Double>)
        /// At least 0 and below 1.
        case fraction
        case text
        case path
        case choice([String])
        /// `true` or `false`.
        case boolean
    }

    public let name: String
    public let kind: Kind
    public let placeholder: String
    public let defaultValue: String?
    public let summary: String
    /// May be given more than once (`stop=`); `Invocation.all` has every value.
    public let repeatable: Bool

    public init(_ name: String, _ kind: Kind, _ placeholder: String, default defaultValue: String? = nil,
                repeatable: Bool = false, _ summary: String) {
        self.name = name
        self.kind = kind
        self.placeholder = placeholder
        self.defaultValue = defaultValue
        self.repeatable = repeatable
        self.summary = summary
    }
}

/// Whether a command also takes hyperparameters as `KEY=VALUE` options.
public enum HyperparameterOptions: Equatable {
    case none
    /// Any key (`set`).
    case all
    /// Keys that may change for one run: everything but the architecture (`train`).
    case runOverrides
}
