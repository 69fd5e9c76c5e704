import CReadline
import Foundation

/// The lines typed at `chat`'s `you> `, recalled there with the arrow keys, apart from the
/// commands typed at `gpt> ` (which are not text for the model). Readline has one current
/// history list; the two are swapped around each read.
enum SubPromptHistory {
    nonisolated(unsafe) private static var own: UnsafeMutablePointer<HISTORY_STATE>?

    static func reading<T>(_ read: () -> T) -> T {
        let commands = history_get_history_state()
        if let own {
            history_set_history_state(own)
        } else {
            var empty = HISTORY_STATE()
            history_set_history_state(&empty)
        }
        defer {
            free(own)
            own = history_get_history_state()
            if let commands {
                history_set_history_state(commands)
                free(commands)
            }
        }
        return read()
    }

    static func add(_ line: String) {
        if !line.allSatisfy(\.isWhitespace) { add_history(line) }
    }
}
