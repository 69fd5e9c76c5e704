import GPTEngine

/// What Tab offers at a point of a command line, worked out from the command table alone so
/// it can be tested without a terminal.
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
        let statement = before.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let done = statement.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        var result = Completion(words: [], paths: false)
        if statement.hasSuffix("=") {
            result.paths = isPathOption(before: statement, words: done)
        } else if done.isEmpty {
            result.words = parser.commandNames
        } else if done[0] == "help" {
            result.words = done.count == 1 ? parser.commandNames : []
        } else {
            result = afterCommand(done)
        }
        var seen = Set<String>()
        result.words = result.words.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        return result
    }

    private func afterCommand(_ done: [String]) -> Completion {
        var result = Completion(words: [], paths: false)
        let entries = parser.entries(named: done[0])
        var spec = entries.first { $0.words.count == 1 }
        var given = Array(done.dropFirst())
        if done.count >= 2, let sub = entries.first(where: { $0.words.count == 2 && $0.words[1] == done[1] }) {
            spec = sub
            given = Array(done.dropFirst(2))
        } else if done.count == 1 {
            result.words += entries.compactMap { $0.words.count == 2 ? $0.words[1] : nil }
        }
        guard let spec else { return result }
        let position = given.filter { !$0.contains("=") }.count
        var offersKeys = false
        if position < spec.arguments.count {
            switch spec.arguments[position].kind {
            case .path: result.paths = true
            case .choice(let choices): result.words += choices
            case .hyperparameterKey where given.isEmpty:
                result.words += Hyperparameters.allNames
                offersKeys = true
            default: break
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

    /// Whether the `key=` just typed belongs to an option that takes a path.
    private func isPathOption(before statement: String, words: [String]) -> Bool {
        guard let last = words.last, last.hasSuffix("="), !words.isEmpty else { return false }
        let key = String(last.dropLast())
        return parser.entries(named: words[0]).contains { spec in
            if case .path? = spec.option(named: key)?.kind { return true }
            return false
        }
    }
}
