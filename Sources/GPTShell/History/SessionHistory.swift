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
        /// divergence); its replay is what it did (the steps it kept).
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
        if invocation.spec.changesSession.holds(for: invocation) && !skipsReplay {
            replay = replacementLine ?? Self.line(tokens, replacing: substitutions(invocation, tokens: tokens, resolve: resolve))
        }
        entries.append(Entry(typed: Self.line(tokens, replacing: [:]), replay: replay, failed: failed))
    }

    /// The tokens of a replayed command to write differently: every path absolute (a path
    /// argument or option, and the file of an unquoted `@FILE`), and any argument the command
    /// asked to change.
    private func substitutions(_ invocation: Invocation, tokens: [Token], resolve: (String) -> String) -> [Int: String] {
        var changes: [(SourceLocation, String)] = []
        let values = invocation.spec.arguments.map { ($0.name, $0.kind, invocation.arguments[$0.name]) }
            + invocation.spec.options.flatMap { o in invocation.all(o.name).map { (o.name, o.kind, Optional($0)) } }
        for (name, kind, parsed) in values {
            guard let parsed else { continue }
            if let text = replacements[name] {
                changes.append((parsed.location, text))
            } else if let path = Self.path(in: parsed, of: kind) {
                let absolute = Self.absolute(resolve(path))
                changes.append((parsed.location, Self.quoted(path == parsed.textValue ? absolute : "@" + absolute)))
            }
        }
        var out: [Int: String] = [:]
        for (location, text) in changes {
            if let i = tokens.firstIndex(where: { $0.location == location }) { out[i] = text }
        }
        return out
    }

    /// The path a value names, if it names one: a `.path` value, or the file of an unquoted
    /// `@FILE` for text that may come from a file. Nothing else is a path.
    static func path(in parsed: Invocation.Parsed, of kind: ValueKind) -> String? {
        guard case .text(let text) = parsed.value else { return nil }
        switch kind {
        case .path: return text
        case .textOrFile where !parsed.quoted && text.hasPrefix("@") && text.count > 1: return String(text.dropFirst())
        default: return nil
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
