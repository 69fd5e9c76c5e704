import Foundation
import GPTEngine

/// A gptsh session as the commands see it: the engine session, where output goes, and the
/// state of the run (scripts being replayed, interrupts, quitting).
public final class Shell {
    public static let version = "0.1.0"

    public let session: Session
    public let output: Output
    public let parser: CommandParser
    /// Continue after a failed command in scripts and piped input.
    public var keepGoing = false
    /// Polled by `train` and `sample` at every step.
    public var shouldStop: () -> Bool = { Interrupt.isRequested }
    /// Reads a line at a sub-prompt (`chat`'s `you> `); nil unless gptsh is at its interactive prompt.
    public var promptReader: ((_ prompt: String) -> PromptedLine)?
    public internal(set) var quitRequested = false
    /// Commands that failed so far; with `--keep-going` the exit status still reports them.
    public internal(set) var failures = 0
    /// Set when a command stopped early because of Ctrl-C.
    public internal(set) var wasInterrupted = false
    /// Directories of the scripts being replayed, innermost last: relative paths resolve there.
    var directories: [String] = []
    /// How many `run` commands deep the current command is; only the outermost go in the history.
    var runDepth = 0
    public let history = SessionHistory()
    /// Where `log PATH` appends metrics; nil when not logging.
    var metricsLog: MetricsLog?
    /// The step the latest `train` aimed for: `plot lr` draws the schedule at least that far.
    var lastTrainTarget: Int?
    /// Wall-clock time spent in `train` in this shell, evaluations, samples and saves included.
    var trainWallSeconds = 0.0
    /// `gptsh --set KEY=VALUE` settings by canonical name: applied at the start and again in
    /// place of the script's own value wherever a `set` (or `init KEY=VALUE`) gives that key.
    public internal(set) var commandLineSettings: [String: Double] = [:]

    public init(session: Session = Session(), output: Output, table: [CommandSpec] = CommandSpec.table) {
        self.session = session
        self.output = output
        parser = CommandParser(table: table)
    }

    /// A path as written in a command, made relative to the script that contains it.
    public func resolve(_ path: String) -> String {
        var path = path
        if path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            path = home + path.dropFirst()
        }
        guard !path.hasPrefix("/"), let directory = directories.last, !directory.isEmpty else { return path }
        return directory + "/" + path
    }

    /// Marks that a command stopped because of Ctrl-C; the run loop decides what follows.
    func noteInterrupted() { wasInterrupted = true }

    func requestQuit() { quitRequested = true }
}
