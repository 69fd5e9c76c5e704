import GPTEngine

/// Turns the tokens of one statement into an `Invocation`, checking every argument and option
/// against the command table so that a command only runs when all of it is valid.
public struct CommandParser {
    public let table: [CommandSpec]

    public init(table: [CommandSpec]) { self.table = table }

    /// Splits a line's tokens at `;`, dropping empty statements.
    public static func statements(_ tokens: [Token]) -> [[Token]] {
        tokens.split { $0.kind == .separator }.map(Array.init)
    }

    public func parse(_ tokens: [Token]) throws -> Invocation {
        let (spec, consumed) = try command(tokens)
        var state = Parse(spec: spec, tokens: tokens)
        try state.read(from: consumed)
        return state.invocation
    }

    /// The names a user may type first, for suggestions and completion.
    public var commandNames: [String] {
        var seen = Set<String>()
        return table.flatMap { [$0.words[0]] + $0.aliases }.filter { seen.insert($0).inserted }
    }

    public func entries(named name: String) -> [CommandSpec] {
        table.filter { $0.words[0] == name || $0.aliases.contains(name) }
    }

    private func command(_ tokens: [Token]) throws -> (CommandSpec, Int) {
        let first = tokens[0]
        guard first.kind == .word else {
            throw ShellError("expected a command name, got '\(first.text)' (try `help`)", at: first.location)
        }
        let candidates = entries(named: first.text)
        guard !candidates.isEmpty else {
            var message = "unknown command '\(first.text)'"
            if let near = closest(to: first.text, among: commandNames) { message += " (did you mean '\(near)'?)" }
            throw ShellError(message + "; `help` lists the commands", at: first.location)
        }
        if tokens.count > 1, tokens[1].kind == .word,
           let spec = candidates.first(where: { $0.words.count == 2 && $0.words[1] == tokens[1].text }) {
            return (spec, 2)
        }
        if let spec = candidates.first(where: { $0.words.count == 1 }) { return (spec, 1) }
        let kinds = candidates.map { $0.words[1] }
        guard tokens.count > 1 else {
            throw ShellError("`\(first.text)` needs one of: \(kinds.joined(separator: ", "))", at: first.end)
        }
        var message = "`\(first.text)` does not know '\(tokens[1].text)'"
        if let near = closest(to: tokens[1].text, among: kinds) { message += " (did you mean '\(near)'?)" }
        throw ShellError(message + "; it takes one of: \(kinds.joined(separator: ", "))", at: tokens[1].location)
    }
}

/// The state of reading one statement's arguments.
private struct Parse {
    let spec: CommandSpec
    let tokens: [Token]
    var arguments: [String: Invocation.Parsed] = [:]
    var options: [String: Invocation.Parsed] = [:]
    var repeated: [String: [Invocation.Parsed]] = [:]
    var assignments: [Invocation.Assignment] = []
    var positionals: [Token] = []
    var rest: [Token] = []

    init(spec: CommandSpec, tokens: [Token]) {
        self.spec = spec
        self.tokens = tokens
    }

    var end: SourceLocation { tokens.last!.end }

    var invocation: Invocation {
        Invocation(spec: spec, location: tokens[0].location, arguments: arguments, options: options,
                   repeated: repeated, assignments: assignments, rest: rest, end: end)
    }

    var usageHint: String { "usage: \(spec.usage)" }

    mutating func read(from start: Int) throws {
        var i = start
        while i < tokens.count {
            if positionals.count < spec.arguments.count, spec.arguments[positionals.count].kind.isRest {
                rest = Array(tokens[i...])
                break
            }
            let t = tokens[i]
            switch t.kind {
            case .word where i + 1 < tokens.count && tokens[i + 1].kind == .equals && !tokens[i + 1].spaceBefore:
                let equals = tokens[i + 1]
                guard i + 2 < tokens.count, !tokens[i + 2].spaceBefore, let _ = tokens[i + 2].textValue else {
                    throw ShellError("missing a value after '\(t.text)=' (no spaces around '=')", at: equals.end)
                }
                try option(key: t, value: tokens[i + 2])
                i += 3
            case .word, .number, .string:
                positionals.append(t)
                i += 1
            case .equals:
                throw ShellError("'=' must join a key to its value with no spaces, as in key=value", at: t.location)
            case .comparison:
                throw ShellError("unexpected '\(t.text)': comparisons belong in `assert`", at: t.location)
            case .separator:
                i += 1
            }
        }
        try bindPositionals()
    }

    private mutating func bindPositionals() throws {
        let plain = spec.arguments.filter { !$0.kind.isRest }
        if positionals.count > plain.count {
            let extra = positionals[plain.count]
            throw ShellError("unexpected argument '\(extra.text)'; \(usageHint)", at: extra.location)
        }
        for (index, argument) in spec.arguments.enumerated() {
            if argument.kind.isRest {
                if rest.isEmpty && !argument.optional {
                    throw ShellError("`\(spec.name)` needs \(argument.name) (\(argument.summary)); \(usageHint)", at: end)
                }
                continue
            }
            guard index < positionals.count else {
                if argument.optional { continue }
                throw ShellError("`\(spec.name)` needs \(argument.name) (\(argument.summary)); \(usageHint)", at: end)
            }
            let token = positionals[index]
            arguments[argument.name] = Invocation.Parsed(value: try value(of: token, for: argument),
                                                         location: token.location, quoted: token.isQuoted)
        }
    }

    private func value(of token: Token, for argument: ArgumentSpec) throws -> Invocation.Value {
        guard case .hyperparameterValue = argument.kind else {
            return try Check.value(token, kind: argument.kind, named: argument.name, command: spec.words[0])
        }
        // The key comes first, so its kind (boolean or not) is known here.
        let key = spec.arguments.first { if case .hyperparameterKey = $0.kind { return true } else { return false } }
        guard case .text(let name)? = key.flatMap({ arguments[$0.name] })?.value,
              let hyper = Hyperparameters.spec(named: name) else {
            return .real(try Check.number(token, named: argument.name))
        }
        return .real(try Check.setting(token, for: hyper, named: argument.name))
    }

    private mutating func option(key: Token, value: Token) throws {
        if let option = spec.option(named: key.text) {
            guard options[option.name] == nil || option.repeatable else {
                throw ShellError("option '\(option.name)' is given twice", at: key.location)
            }
            let parsed = Invocation.Parsed(value: try Check.value(value, kind: option.kind, named: option.name), location: value.location,
                                           quoted: value.isQuoted)
            if option.repeatable { repeated[option.name, default: []].append(parsed) }
            if options[option.name] == nil { options[option.name] = parsed }
            return
        }
        guard spec.hyperparameters != .none, let hyper = Hyperparameters.spec(named: key.text) else {
            throw ShellError(unknownOption(key.text), at: key.location)
        }
        if spec.hyperparameters == .runOverrides && hyper.isArchitecture {
            throw ShellError("\(hyper.name) is part of the architecture and cannot change for one run; `set` it and `init` a new model",
                             at: key.location)
        }
        if assignments.contains(where: { $0.name == hyper.name }) {
            throw ShellError("\(hyper.name) is given twice", at: key.location)
        }
        let number = try Check.setting(value, for: hyper, named: key.text)
        do { _ = try hyper.validate(number) } catch { throw ShellError(error, at: value.location) }
        assignments.append(Invocation.Assignment(name: hyper.name, value: number,
                                                 keyLocation: key.location, valueLocation: value.location))
    }

    private func unknownOption(_ key: String) -> String {
        let options = spec.options.map(\.name)
        let hyperparameters = spec.hyperparameters == .none ? [] : Hyperparameters.allNames
        // Hyperparameters first, so that a tie suggests one; a typo of one is reported as such.
        let near = closest(to: key, among: hyperparameters + options)
        if !hyperparameters.isEmpty && (options.isEmpty || near.map(hyperparameters.contains) == true) {
            return Messages.unknownHyperparameter(key)
        }
        var message = "`\(spec.name)` has no option '\(key)'"
        if let near { message += " (did you mean '\(near)'?)" }
        if options.isEmpty { message = "`\(spec.name)` takes no options" }
        return message + "; \(usageHint)"
    }
}
