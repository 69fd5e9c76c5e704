import Foundation
import Testing
@testable import GPTShell

@Suite struct ProgressTests {
    let line = ProgressLine(step: 120, target: 2000, fraction: 0.06, loss: 2.31139, lr: 9.9e-4, msPerStep: 41.2,
                            tokensPerSecond: 18_600, elapsed: 5, remaining: 83)

    @Test func theStatusLineHasEverythingWhenThereIsRoom() {
        let text = line.render(columns: 140, color: false)
        for part in ["120/2000", "loss 2.3114", "lr 9.9e-04", "41.2 ms/step", "18.6k tok/s", "elapsed 0:05", "ETA 1:23"] {
            #expect(text.contains(part), "\(part) in \(text)")
        }
        #expect(text.hasPrefix("▕█"))
    }

    @Test(arguments: [30, 50, 80, 100])
    func itNeverWraps(columns: Int) {
        let text = line.render(columns: columns, color: true)
        #expect(Style.visibleWidth(text) < columns)
        #expect(text.contains("120/2000"))
    }

    @Test func colourOnlyWhenAllowed() {
        #expect(!line.render(columns: 100, color: false).contains("\u{1B}"))
        #expect(line.render(columns: 100, color: true).contains("\u{1B}[36m"))
    }

    @Test func clockFormat() {
        #expect(Format.clock(7) == "0:07")
        #expect(Format.clock(750) == "12:30")
        #expect(Format.clock(3723) == "1:02:03")
    }

    @Test func linesWrittenDuringAStatusGoAboveIt() {
        var err = "", out = ""
        let terminal = TerminalInfo(statusLine: true, colorOnStdout: false, colorOnStderr: false, columns: { 40 })
        let output = Output(terminal: terminal, stdout: { out += $0 }, stderr: { err += $0 })
        output.setStatus("[bar]")
        output.info("step 10")
        output.stream("partial")
        output.setStatus("[bar 2]")
        output.finishLine()
        output.clearStatus()
        #expect(out == "step 10\npartial\n")
        // Drawn, erased for the log line and drawn again; not drawn while a line is open; at the end erased.
        #expect(err == "[bar]\r     \r[bar]\r     \r[bar 2]\r       \r")
    }

    @Test func noStatusWhenQuietOrNotATerminal() {
        var err = ""
        let quiet = Output(quiet: true, terminal: TerminalInfo(statusLine: true, colorOnStdout: false, colorOnStderr: false, columns: { 80 }),
                           stdout: { _ in }, stderr: { err += $0 })
        quiet.setStatus("[bar]")
        let piped = Output(stdout: { _ in }, stderr: { err += $0 })
        piped.setStatus("[bar]")
        #expect(err.isEmpty)
    }
}

/// The real binary, with stderr a pipe and then a terminal.
@Suite(.serialized) struct ProgressProcessTests {
    static let script = "load corpus tiny.txt; tokenizer char; \(tinySettings); init; train 3000 log_interval=1000 eval_interval=1500"

    @Test func pipedOutputHasNoEscapesOrCarriageReturns() throws {
        let dir = temporaryDirectory()
        write(tinyCorpus, to: "tiny.txt", in: dir)
        let r = try runGPTSH(["-c", Self.script + "; plot; show stats"], directory: dir)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("step 2000/3000  loss"))
        #expect(r.out.contains("step 3000  train loss"))
        for text in [r.out, r.err] {
            #expect(!text.contains("\u{1B}") && !text.contains("\r"))
        }
        #expect(!r.err.contains("▕"))
    }

    @Test func aTerminalSeesTheBarRedrawnUnderTheLogLines() throws {
        let dir = temporaryDirectory()
        write(tinyCorpus, to: "tiny.txt", in: dir)
        let t = try Terminal(environment: ["TERM": "xterm", "NO_COLOR": ""], directory: dir, arguments: ["-c", Self.script])
        #expect(t.wait(for: "step 3000  train loss"), "\(t.transcript)")
        #expect(t.exitStatus() == 0)
        let s = t.transcript
        #expect(s.contains(#/\r▕[█▏▎▍▌▋▊▉ \u{1B}\[0-9m]*▏  \d+/3000  loss \d\.\d{4}/#), "\(s)")
        #expect(s.contains("ETA"))
        // A log line starts on a wiped line and the bar comes back under it.
        #expect(s.contains(#/ +\rstep 1000/3000  loss [^\r]*\r\n▕/#))
        #expect(s.contains("\u{1B}[36m"), "colour on a terminal")
        // The bar is gone when training ends: the last thing on its line is the wipe.
        #expect(s.contains(#/ +\rstep 3000  train loss/#))
    }

    @Test func noColorKeepsTheBarButDropsTheColour() throws {
        let dir = temporaryDirectory()
        write(tinyCorpus, to: "tiny.txt", in: dir)
        let t = try Terminal(environment: ["TERM": "xterm", "NO_COLOR": "1"], directory: dir, arguments: ["-c", Self.script])
        #expect(t.wait(for: "step 3000  train loss"), "\(t.transcript)")
        #expect(t.exitStatus() == 0)
        #expect(t.transcript.contains("/3000  loss"))
        #expect(!t.transcript.contains("\u{1B}"))
    }
}
