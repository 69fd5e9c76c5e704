import GPTEngine

/// What Tab offers at a point of a command line, worked out from the command table alone so
/// it can be tested without a terminal. The line is read by the shell's own lexer, so quotes
/// and `;` mean what they mean when the line runs.
public struct Completer {
    public struct Completion: Equatable {
        public var words: [String]
        /// File names complete here too (readline's own filename completion supplies them).
        public var paths: Bool
    }

    let parser: CommandParser

    public init(parser: CommandParser) { self.parser = parser }

    /// `before` is the line up to the word being completed; `word` is that word so far.
    public func complete(before: String, word: String) -> Completion {
        var result = Completion(words: [], paths: false)
        // Inside an unfinished string there is nothing to complete: it is text.
        guard case .tokens(let all)? = try? Lexer.lex(before, source: "<completion>") else { return result }
        let statement = Array(all.split(omittingEmptySubsequences: false) { $0.kind == .separator }.last ?? [])
        if let last = statement.last, last.kind == .equals, statement.count >= 2, before.hasSuffix("=") {
            result = value(of: statement[statement.count - 2].text, in: Array(statement.dropLast(2)))
        } else if statement.isEmpty {
            result.words = parser.commandNames
        } else {
            result = afterCommand(statement)
        }
        var seen = Set<String>()
        result.words = result.words.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        return result
    }

    /// The command a statement's first words name, and how many words that took.
    private func spec(of statement: [Token]) -> (CommandSpec, Int)? {
        let entries = parser.entries(named: statement[0].text)
        if statement.count >= 2, let sub = entries.first(where: { $0.words.count == 2 && $0.words[1] == statement[1].text }) {
            return (sub, 2)
        }
        return entries.first { $0.words.count == 1 }.map { ($0, 1) }
    }

    /// A command's name, then its sub-word (`help load hf`).
    private func commandWords(_ given: ArraySlice<Token>) -> [String] {
        switch given.count {
        case 0: return parser.commandNames
        case 1: return parser.entries(named: given.first!.text).compactMap { $0.words.count == 2 ? $0.words[1] : nil }
        default: return []
        }
    }

    private func afterCommand(_ statement: [Token]) -> Completion {
        var result = Completion(words: [], paths: false)
        if statement.count == 1 {
            result.words += parser.entries(named: statement[0].text).compactMap { $0.words.count == 2 ? $0.words[1] : nil }
        }
        guard let (spec, consumed) = spec(of: statement) else { return result }
        let position = positionals(in: Array(statement.dropFirst(consumed)))
        var offersKeys = false
        if let rest = spec.arguments.firstIndex(where: { $0.kind.isRest }), position >= rest {
            if case .commandWords = spec.arguments[rest].kind {
                result.words += commandWords(statement.dropFirst(consumed + rest))
            }
            return result
        }
        if position < spec.arguments.count {
            let argument = spec.arguments[position]
            if case .hyperparameterKey = argument.kind, position == statement.count - consumed {
                result.words += Hyperparameters.allNames
                offersKeys = true
            } else {
                result = result.merging(candidates(for: argument.kind))
            }
        }
        result.words += spec.options.map { $0.name + "=" }
        if !offersKeys {
            switch spec.hyperparameters {
            case .none: break
            case .all: result.words += Hyperparameters.allNames.map { $0 + "=" }
            case .runOverrides:
                let names = Hyperparameters.specs.filter { !$0.isArchitecture }.flatMap { [$0.name] + $0.aliases }
                result.words += names.map { $0 + "=" }
            }
        }
        return result
    }

    /// How many positional values the tokens hold (a `key=value` is not one).
    private func positionals(in tokens: [Token]) -> Int {
        var count = 0, i = 0
        while i < tokens.count {
            if i + 1 < tokens.count && tokens[i + 1].kind == .equals {
                i += 3
            } else {
                count += 1
                i += 1
            }
        }
        return count
    }

    /// What may follow `key=` in the statement so far.
    private func value(of key: String, in statement: [Token]) -> Completion {
        guard !statement.isEmpty, let (spec, _) = spec(of: statement) else { return Completion(words: [], paths: false) }
        if let option = spec.option(named: key) { return candidates(for: option.kind) }
        if spec.hyperparameters != .none, let words = Hyperparameters.spec(named: key)?.words {
            return Completion(words: words, paths: false)
        }
        return Completion(words: [], paths: false)
    }

    private func candidates(for kind: ValueKind) -> Completion {
        switch kind {
        case .path: return Completion(words: [], paths: true)
        case .choice(let choices): return Completion(words: choices, paths: false)
        case .boolean: return Completion(words: ["true", "false"], paths: false)
        default: return Completion(words: [], paths: false)
        }
    }
}

extension Completer.Completion {
    func merging(_ other: Self) -> Self { Self(words: words + other.words, paths: paths || other.paths) }
}
