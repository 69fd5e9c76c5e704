import Foundation
import GPTEngine
@testable import GPTShell

/// A shell whose output is captured, stdout and stderr apart and interleaved.
final class Harness {
    var out = ""
    var err = ""
    var transcript = ""
    let shell: Shell

    init(quiet: Bool = false, session: Session = Session(), terminal: TerminalInfo = .plain) {
        var sink: (String, Bool) -> Void = { _, _ in }
        let output = Output(quiet: quiet, terminal: terminal, stdout: { sink($0, false) }, stderr: { sink($0, true) })
        shell = Shell(session: session, output: output)
        sink = { [unowned self] text, isError in
            if isError { self.err += text } else { self.out += text }
            self.transcript += text
        }
    }

    var session: Session { shell.session }

    /// Runs `text` as `-c` would, returning how it ended.
    @discardableResult
    func run(_ text: String, keepGoing: Bool = false) -> RunOutcome {
        shell.keepGoing = keepGoing
        return shell.run(StringLines(text))
    }

    func clear() {
        out = ""
        err = ""
        transcript = ""
    }
}

/// A fresh directory for one test's files.
func temporaryDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@discardableResult
func write(_ text: String, to name: String, in directory: URL) -> String {
    let url = directory.appendingPathComponent(name)
    try! FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try! text.write(to: url, atomically: true, encoding: .utf8)
    return url.path
}

/// A small original text, long enough for block_size 8 in both splits.
let tinyCorpus = """
    the cat sat on the mat and the dog sat on the log.
    a bird sang in the tree and the sun came up over the hill.
    the cat and the dog and the bird all went to sleep at night.

    """

/// The smallest settings that still make a working model, so debug test runs stay fast.
let tinySettings = "set n_layer=1 n_head=2 n_embd=8 block_size=8 batch_size=2 eval_iters=2 log_interval=0 eval_interval=0"

/// A harness with a corpus, a char tokenizer, tiny settings and a model.
func readyHarness(quiet: Bool = false) -> (Harness, URL) {
    let dir = temporaryDirectory()
    let corpus = write(tinyCorpus, to: "tiny.txt", in: dir)
    let h = Harness(quiet: quiet)
    let outcome = h.run("load corpus \(corpus)\ntokenizer char\n\(tinySettings)\ninit seed=1")
    precondition(outcome == .finished, h.err)
    h.clear()
    return (h, dir)
}

/// The package's root directory, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
