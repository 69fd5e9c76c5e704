import Foundation

/// Where the shell writes: results to stdout, errors to stderr, chatter (progress, confirmations)
/// to stdout unless `--quiet`, and on a terminal a live status line at the bottom of stderr.
public final class Output {
    public var quiet: Bool
    /// Notes and warnings; ranks other than 0 of an MPI job leave them to rank 0.
    public var showsNotes = true
    /// Errors get the offending line and a caret under the column, which only help a person.
    public let showsSourceLines: Bool
    public let terminal: TerminalInfo
    private let writeOut: (String) -> Void
    private let writeErr: (String) -> Void
    private var atLineStart = true
    /// The status line, drawn again after anything else is written above it.
    private var status: String?
    /// How many columns of the screen's last line the status covers (0: it is not shown, as
    /// while a streamed line is still open).
    private var statusWidth = 0

    public init(quiet: Bool = false, showsSourceLines: Bool = false, terminal: TerminalInfo = .plain,
                stdout: @escaping (String) -> Void, stderr: @escaping (String) -> Void) {
        self.quiet = quiet
        self.showsSourceLines = showsSourceLines
        self.terminal = terminal
        writeOut = stdout
        writeErr = stderr
    }

    /// The process's stdout and stderr, flushed at every write so output streams.
    public static func standard(quiet: Bool) -> Output {
        Output(quiet: quiet, showsSourceLines: isatty(2) == 1, terminal: .detect(),
               stdout: { put($0, stdout); fflush(stdout) },
               stderr: { put($0, stderr) })
    }

    /// All of `text`'s bytes: `fputs` would stop at a NUL the user asked to print.
    private static func put(_ text: String, _ stream: UnsafeMutablePointer<FILE>) {
        var text = text
        text.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, stream) }
    }

    /// Whether a status line would be seen: only a person at a terminal wants one.
    public var showsStatus: Bool { terminal.statusLine && !quiet }

    /// Replaces the status line. The caller keeps it narrower than the terminal: a line that
    /// wraps cannot be redrawn in place.
    public func setStatus(_ line: String) {
        guard showsStatus else { return }
        status = line
        redrawStatus()
    }

    /// Takes the status line off the screen, leaving the cursor at the start of its line.
    public func clearStatus() {
        eraseStatus()
        status = nil
    }

    /// Spaces rather than an erase-line escape, so that a terminal without one is cleaned too.
    private func eraseStatus() {
        guard statusWidth > 0 else { return }
        writeErr("\r" + String(repeating: " ", count: statusWidth) + "\r")
        statusWidth = 0
    }

    private func redrawStatus() {
        guard let status, atLineStart else { return }
        eraseStatus()
        writeErr(status)
        statusWidth = Style.visibleWidth(status)
    }

    /// Writes with the status line lifted out of the way and put back below.
    private func aboveStatus(_ write: () -> Void) {
        eraseStatus()
        write()
        redrawStatus()
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
        if let line { setStatus(line) } else { clearStatus() }
    }

    public func error(_ error: ShellError, sourceLine: String? = nil) {
        finishLine()
        var text = error.description + "\n"
        if showsSourceLines, let sourceLine {
            text += Diagnostic.excerpt(of: sourceLine, column: error.location.column)
        }
        aboveStatus { writeErr(text) }
    }

    /// A message about the shell itself (usage, interrupts) rather than a command.
    public func note(_ message: String) {
        if showsNotes { failure(message) }
    }

    /// A message that ends gptsh, shown even where notes are not.
    public func failure(_ message: String) {
        finishLine()
        aboveStatus { writeErr(message + "\n") }
    }

    private func write(_ text: String) {
        guard !text.isEmpty else { return }
        aboveStatus {
            writeOut(text)
            atLineStart = text.hasSuffix("\n")
        }
    }
}
