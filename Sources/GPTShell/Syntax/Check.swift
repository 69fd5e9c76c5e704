import GPTEngine

/// Checks that a token is the kind of value an argument or option wants, naming it in errors.
enum Check {
    static func number(_ token: Token, named name: String) throws -> Double {
        guard case .number(let v) = token.kind else {
            throw ShellError("\(name) must be a number, got '\(token.text)'", at: token.location)
        }
        guard v.isFinite else { throw ShellError("\(name) must be a finite number, got '\(token.text)'", at: token.location) }
        return v
    }

    static func integer(_ token: Token, named name: String, in range: ClosedRange<Int>) throws -> Int {
        let v = try number(token, named: name)
        guard v == v.rounded() else {
            throw ShellError("\(name) must be a whole number, got '\(token.text)'", at: token.location)
        }
        guard abs(v) < 9e18 else {
            throw ShellError("\(name) is too large: \(token.text) is beyond any count gptsh can hold", at: token.location)
        }
        guard range.contains(Int(v)) else {
            throw ShellError("\(name) must be \(describe(range)), got \(token.text)", at: token.location)
        }
        return Int(v)
    }

    static func text(_ token: Token, named name: String) throws -> String {
        guard let s = token.textValue else {
            throw ShellError("\(name) must be a word or a string, got '\(token.text)'", at: token.location)
        }
        return s
    }

    /// The value `token` gives an argument or option of `kind`. `command` names the command for
    /// a positional choice (`show` takes one of ...); an option's choice names the option.
    static func value(_ token: Token, kind: ValueKind, named name: String, command: String? = nil) throws -> Invocation.Value {
        switch kind {
        case .integer(let range):
            return .integer(try integer(token, named: name, in: range))
        case .real(let range):
            let v = try number(token, named: name)
            guard range.contains(v) else {
                throw ShellError("\(name) must be between \(Format.number(range.lowerBound)) and \(Format.number(range.upperBound)), got \(token.text)",
                                 at: token.location)
            }
            return .real(v)
        case .fraction:
            let v = try number(token, named: name)
            guard v >= 0 && v < 1 else {
                throw ShellError("\(name) must be at least 0 and below 1, got \(token.text)", at: token.location)
            }
            return .real(v)
        case .text, .textOrFile:
            return .text(try text(token, named: name))
        case .path:
            let path = try text(token, named: name)
            guard !path.utf8.contains(0) else {
                throw ShellError("\(name) must not contain a NUL character (\\0): a path ends at one", at: token.location)
            }
            return .text(path)
        case .choice(let choices):
            let word = try text(token, named: name)
            guard choices.contains(word) else {
                var message = command.map { "`\($0)` takes one of \(choices.joined(separator: ", ")), not '\(word)'" }
                    ?? "\(name) must be one of \(choices.joined(separator: ", ")), got '\(word)'"
                if let near = closest(to: word, among: choices) { message += " (did you mean '\(near)'?)" }
                throw ShellError(message, at: token.location)
            }
            return .text(word)
        case .boolean:
            return .boolean(try boolean(token, named: name))
        case .hyperparameterKey:
            let word = try text(token, named: name)
            guard let key = Hyperparameters.spec(named: word) else {
                throw ShellError(Messages.unknownHyperparameter(word), at: token.location)
            }
            return .text(key.name)
        case .hyperparameterValue:
            return .real(try number(token, named: name))
        case .words, .commandWords, .expression:
            return .text(token.textValue ?? token.text)
        }
    }

    static func boolean(_ token: Token, named name: String) throws -> Bool {
        switch token.textValue {
        case "true": return true
        case "false": return false
        default:
            var message = "\(name) must be true or false, got '\(token.text)'"
            if let near = closest(to: token.textValue ?? token.text, among: ["true", "false"]) { message += " (did you mean '\(near)'?)" }
            throw ShellError(message, at: token.location)
        }
    }

    /// A hyperparameter's value: a number, or for a key with words (`true`/`false`, `dtype`'s
    /// precisions) one of them.
    static func setting(_ token: Token, for spec: HyperparameterSpec, named name: String) throws -> Double {
        if spec.kind == .boolean, case .word = token.kind { return try boolean(token, named: name) ? 1 : 0 }
        if case .choice(let words) = spec.kind {
            let word = token.textValue ?? token.text
            if let i = words.firstIndex(of: word) { return Double(i) }
            var message = "\(name) must be one of \(words.joined(separator: ", ")), got '\(token.text)'"
            if let near = closest(to: word, among: words) { message += " (did you mean '\(near)'?)" }
            throw ShellError(message, at: token.location)
        }
        return try number(token, named: name)
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        if range.upperBound == Int.max { return "at least \(range.lowerBound)" }
        return "between \(range.lowerBound) and \(range.upperBound)"
    }
}
