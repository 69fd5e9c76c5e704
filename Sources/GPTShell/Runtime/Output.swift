import Foundation

/// Where the shell writes: results to stdout, errors to stderr, chatter (progress, confirmations)
/// to stdout unless `--quiet`.
public final class Output {
    public var quiet: Bool
    /// Errors get the offending line and a caret under the column, which only help a person.
    public let showsSourceLines: Bool
    /// Progress redrawn in place needs a terminal; elsewhere it would be escape-code litter.
    public let showsStatus: Bool
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    private var atLineStart = true

    public init(quiet: Bool = false, showsSourceLines: Bool = false, showsStatus: Bool = false,
                stdout: @escaping (String) -> Void, stderr: @escaping (String) -> Void) {
        self.quiet = quiet
        self.showsSourceLines = showsSourceLines
        self.showsStatus = showsStatus
        writeOut = stdout
        writeErr = stderr
    }

    /// The process's stdout and stderr, flushed at every write so output streams.
    public static func standard(quiet: Bool) -> Output {
        Output(quiet: quiet, showsSourceLines: isatty(2) == 1, showsStatus: isatty(2) == 1,
               stdout: { fputs($0, stdout); fflush(stdout) },
               stderr: { fputs($0, stderr) })
    }

    /// A line of the command's result.
    public func result(_ line: String) { write(line + "\n") }

    /// A line that tells what happened but is not a result; `--quiet` drops it.
    public func info(_ line: String) {
        if !quiet { write(line + "\n") }
    }

    /// Text as it is produced (sampled tokens), without a newline.
    public func stream(_ text: String) { write(text) }

    /// Ends a streamed line if it did not end in a newline.
    public func finishLine() {
        if !atLineStart { write("\n") }
    }

    /// A progress line on stderr, redrawn over the previous one; nil erases it. `--quiet` drops it.
    public func status(_ line: String?) {
        if showsStatus && !quiet { writeErr("\r" + (line ?? "") + "\u{1B}[K") }
    }

    public func error(_ error: ShellError, sourceLine: String? = nil) {
        finishLine()
        var text = error.description + "\n"
        if showsSourceLines, let sourceLine {
            text += Diagnostic.excerpt(of: sourceLine, column: error.location.column)
        }
        writeErr(text)
    }

    /// A message about the shell itself (usage, interrupts) rather than a command.
    public func note(_ message: String) {
        finishLine()
        writeErr(message + "\n")
    }

    private func write(_ text: String) {
        guard !text.isEmpty else { return }
        writeOut(text)
        atLineStart = text.hasSuffix("\n")
    }
}
