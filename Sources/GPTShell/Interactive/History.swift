import CReadline
import Foundation

/// The prompt's history file: ~/.gptsh_history, or $GPTSH_HISTORY (empty: none). Only the
/// interactive prompt uses it, so piped input never reaches it.
struct History {
    static let limit: Int32 = 1000
    let path: String

    static func fromEnvironment() -> History? {
        let env = ProcessInfo.processInfo.environment
        if let path = env["GPTSH_HISTORY"] { return path.isEmpty ? nil : History(path: path) }
        guard let home = env["HOME"] else { return nil }
        return History(path: home + "/.gptsh_history")
    }

    func load() {
        using_history()
        read_history(path)
    }

    /// Appends at once, so two shells open at the same time both keep their lines.
    func add(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace) else { return }
        if history_length > 0, let last = history_get(history_base + history_length - 1)?.pointee.line,
           String(cString: last) == line { return }
        add_history(line)
        if access(path, F_OK) != 0 {
            write_history(path)
        } else {
            append_history(1, path)
        }
    }

    func trim() { history_truncate_file(path, Self.limit) }
}
