import Foundation

/// The commands this session ran, for `history` and `history save`. Only the outermost ones
/// count: a `run` stands for the commands of its script.
public final class SessionHistory {
    public struct Entry: Equatable {
        /// The command as typed, on one line even if it was continued over several.
        public let typed: String
        /// The command for a script that replays the session, its paths made absolute; nil for
        /// a command that only shows something.
        public let replay: String?
        /// It failed but changed the session (a `train` that diverged keeps its steps before the
        /// divergence), so a replay differs from here on.
        public let failed: Bool
    }

    public private(set) var entries: [Entry] = []
    private var replacements: [String: String] = [:]
    private var replacementLine: String?
    private var skipsReplay = false

    /// Asks that the running command be replayed with a different value for one argument.
    func replay(argument: String, as text: String) { replacements[argument] = text }

    /// Asks that the running command be replayed as `line` (what it did, as a command).
    func replay(line: String) { replacementLine = line }

    /// Asks that the running command be left out of a replay (it changed nothing).
    func skipReplay() { skipsReplay = true }

    func record(_ invocation: Invocation, tokens: [Token], resolve: (String) -> String, failed: Bool = false) {
        defer {
            replacements = [:]
            replacementLine = nil
            skipsReplay = false
        }
        var replay: String?
        if Self.changesSession(invocation) && !skipsReplay {
            replay = replacementLine ?? Self.line(tokens, replacing: substitutions(invocation, tokens: tokens, resolve: resolve))
        }
        entries.append(Entry(typed: Self.line(tokens, replacing: [:]), replay: replay, failed: failed))
    }

    /// The tokens of a replayed command to write differently: paths absolute, and any argument
    /// the command asked to change.
    private func substitutions(_ invocation: Invocation, tokens: [Token], resolve: (String) -> String) -> [Int: String] {
        var changes: [(SourceLocation, String)] = []
        for argument in invocation.spec.arguments {
            guard let parsed = invocation.arguments[argument.name] else { continue }
            if let text = replacements[argument.name] {
                changes.append((parsed.location, text))
            } else if case .path = argument.kind, case .text(let path) = parsed.value {
                changes.append((parsed.location, Self.quoted(Self.absolute(resolve(path)))))
            }
        }
        for option in invocation.spec.options {
            guard case .path = option.kind, let parsed = invocation.options[option.name],
                  case .text(let path) = parsed.value else { continue }
            changes.append((parsed.location, Self.quoted(Self.absolute(resolve(path)))))
        }
        var out: [Int: String] = [:]
        for (location, text) in changes {
            if let i = tokens.firstIndex(where: { $0.location == location }) { out[i] = text }
        }
        return out
    }

    /// Commands that only show something have nothing to replay.
    static func changesSession(_ invocation: Invocation) -> Bool {
        switch invocation.spec.words[0] {
        case "help", "show", "history", "quit": return false
        case "plot": return invocation.arguments["PATH"] != nil
        case "log": return invocation.spec.words.count > 1 || invocation.arguments["PATH"] != nil
        case "set": return !invocation.assignments.isEmpty || invocation.arguments["VALUE"] != nil
        default: return true
        }
    }

    /// Tokens joined as typed, with one space where the source had any.
    static func line(_ tokens: [Token], replacing: [Int: String]) -> String {
        var out = ""
        for (i, t) in tokens.enumerated() {
            if i > 0 && t.spaceBefore { out += " " }
            out += replacing[i] ?? t.text
        }
        return out
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }

    /// A path as a word when the lexer reads it back unchanged, else as a double-quoted string.
    static func quoted(_ path: String) -> String {
        let plain = !path.isEmpty && path.allSatisfy { !$0.isWhitespace && !Lexer.endsWord($0) && !$0.isControl }
        if plain { return path }
        let escaped = path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"" + escaped + "\""
    }
}
