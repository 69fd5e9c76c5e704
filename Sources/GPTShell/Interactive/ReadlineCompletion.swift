import CReadline
import Foundation

/// Connects readline's C completion hooks to `Completer`. The hooks are C function pointers
/// that cannot capture, so what they share lives in statics; readline is single-threaded.
enum ReadlineCompletion {
    nonisolated(unsafe) private static var completer: Completer?
    nonisolated(unsafe) private static var candidates: [String] = []
    nonisolated(unsafe) private static var nextCandidate = 0
    nonisolated(unsafe) private static var offersPaths = false
    nonisolated(unsafe) private static var pathsStarted = false

    static func install(_ completer: Completer) {
        self.completer = completer
        // `=` breaks words so that `key=VALUE` completes the value; quotes and `;` as the language has them.
        rl_basic_word_break_characters = UnsafePointer(strdup(" \t\n\"';=<>"))
        rl_completer_quote_characters = UnsafePointer(strdup("\"'"))
        rl_attempted_completion_function = { text, start, _ in
            ReadlineCompletion.attempt(text: text, start: Int(start))
        }
    }

    private static func attempt(text: UnsafePointer<CChar>?, start: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        rl_attempted_completion_over = 1
        guard let completer, let buffer = rl_line_buffer else { return nil }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: min(start, strlen(buffer)))
        let before = String(decoding: bytes, as: UTF8.self)
        let word = text.map { String(cString: $0) } ?? ""
        let completion = completer.complete(before: before, word: word)
        candidates = completion.words
        offersPaths = completion.paths
        if completion.paths { rl_filename_completion_desired = 1 }
        if candidates.contains(where: { $0.hasSuffix("=") }) { rl_completion_suppress_append = 1 }
        return rl_completion_matches(text, { text, state in ReadlineCompletion.generate(text: text, state: state) })
    }

    private static func generate(text: UnsafePointer<CChar>?, state: Int32) -> UnsafeMutablePointer<CChar>? {
        if state == 0 {
            nextCandidate = 0
            pathsStarted = false
        }
        if nextCandidate < candidates.count {
            nextCandidate += 1
            return strdup(candidates[nextCandidate - 1])
        }
        guard offersPaths else { return nil }
        let match = rl_filename_completion_function(text, pathsStarted ? 1 : 0)
        pathsStarted = true
        return match
    }
}
