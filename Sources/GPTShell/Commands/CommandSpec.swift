/// One entry of the command table: everything the parser, `help`, tab completion and
/// `history` need to know about a command, and the code that runs it. A new command is one
/// new entry.
public struct CommandSpec {
    /// The command's name and, for a command like `tokenizer char`, its sub-word.
    public let words: [String]
    /// Other names for the first word (`exit` for `quit`).
    public let aliases: [String]
    public let arguments: [ArgumentSpec]
    public let options: [OptionSpec]
    public let hyperparameters: HyperparameterOptions
    /// Whether `history save` writes it into the script that replays the session.
    public let changesSession: ChangesSession
    public let summary: String
    /// Longer help shown by `help COMMAND`, after the summary.
    public let details: String?
    public let example: String
    private let customUsage: String?
    public let handler: (Shell, Invocation) throws -> Void

    public init(_ words: [String], aliases: [String] = [], arguments: [ArgumentSpec] = [],
                options: [OptionSpec] = [], hyperparameters: HyperparameterOptions = .none,
                changesSession: ChangesSession = .always,
                usage: String? = nil, summary: String, details: String? = nil, example: String,
                handler: @escaping (Shell, Invocation) throws -> Void) {
        self.words = words
        self.aliases = aliases
        self.arguments = arguments
        self.options = options
        self.hyperparameters = hyperparameters
        self.changesSession = changesSession
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

/// What an argument or a `key=value` option may be; one kind for both, read by one checker
/// (`Check.value`) and completed by one completer.
public enum ValueKind {
    case integer(ClosedRange<Int>)
    case real(ClosedRange<Double>)
    /// At least 0 and below 1.
    case fraction
    /// A word or a string, taken as it is: never a path.
    case text
    /// Text, or unquoted `@FILE` for a file's text (`prompt=@intro.txt`).
    case textOrFile
    /// A file or folder; `history save` makes it absolute.
    case path
    case choice([String])
    /// `true` or `false`.
    case boolean
    case hyperparameterKey
    /// A number, or `true`/`false` for a boolean key: checked against the key before it.
    case hyperparameterValue
    /// Everything that follows, words as written (`echo`).
    case words
    /// A command's name and sub-word, to the end (`help load hf`).
    case commandWords
    /// Everything that follows, for the handler to read (`assert`).
    case expression

    var isRest: Bool {
        switch self {
        case .words, .commandWords, .expression: return true
        default: return false
        }
    }
}

/// The value an argument or option has when it is not given.
public enum DefaultValue {
    case none
    /// This value, which the handler gets and `help` shows.
    case value(Invocation.Value)
    /// The current value of a hyperparameter (`eval iters=` is `eval_iters`).
    case setting(String)
    /// Worked out when the command runs, as described (`sample prompt=`).
    case described(String)

    /// How `help` shows it.
    var shown: String? {
        switch self {
        case .none: return nil
        case .value(let v): return v.shown
        case .setting(let key): return "the \(key) setting"
        case .described(let text): return text
        }
    }
}

/// A positional argument.
public struct ArgumentSpec {
    public let name: String
    public let kind: ValueKind
    public let optional: Bool
    public let defaultValue: DefaultValue
    public let summary: String

    public init(_ name: String, _ kind: ValueKind, optional: Bool = false, default defaultValue: DefaultValue = .none,
                _ summary: String) {
        self.name = name
        self.kind = kind
        self.optional = optional
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// A `key=value` option.
public struct OptionSpec {
    public let name: String
    public let kind: ValueKind
    public let placeholder: String
    public let defaultValue: DefaultValue
    public let summary: String
    /// May be given more than once (`stop=`); `Invocation.all` has every value.
    public let repeatable: Bool

    public init(_ name: String, _ kind: ValueKind, _ placeholder: String, default defaultValue: DefaultValue = .none,
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
    /// Any key (`set`, `init`).
    case all
    /// Keys that may change for one run: everything but the architecture (`train`).
    case runOverrides
}

/// Whether running a command changes what a replay must rebuild, which `history save` reads.
public enum ChangesSession {
    case always
    /// It only shows something (`help`, `show`), or cannot run in a script (`chat`).
    case never
    /// It depends on how it is called (`set` alone lists; `set KEY=VALUE` sets).
    case when((Invocation) -> Bool)

    func holds(for invocation: Invocation) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        case .when(let test): return test(invocation)
        }
    }
}
