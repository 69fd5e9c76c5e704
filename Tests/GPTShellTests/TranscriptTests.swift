import Foundation
import Testing
@testable import GPTShell

/// Replays scripts and compares everything they print with Tests/Transcripts/NAME.out.
/// Timings always differ and losses move with the engine's arithmetic, so both are masked
/// (the scripts' own asserts check the values), as are the checkout's path and the machine's
/// core count. GPTSH_UPDATE_GOLDEN=1 rewrites the files.
@Suite struct TranscriptTests {
    static let transcripts = packageRoot.appendingPathComponent("Tests/Transcripts")

    static func normalize(_ text: String) -> String {
        var text = text.replacingOccurrences(of: packageRoot.path, with: "<root>")
        let masks: [(String, String)] = [
            (#"\d+\.\d ms/step  [\d.]+[kM]? tok/s"#, "# ms/step  # tok/s"),
            (#"(loss|train_loss|val_loss)( +| = )\d+\.\d{4}"#, "$1$2#.####"),
            (#"(threads = \d+ \(default )\d+"#, "$1#"),
            (#"lr \d\.\de-\d\d"#, "lr #e-##"),
            (#"(training time +)[^\n]+"#, "$1#"),
            (#"(wall time +)[^\n]+"#, "$1#"),
            (#"(recent losses +)[^\n]+"#, "$1#"),
            (#"(throughput +)[^\n]+"#, "$1#"),
            (#"(?m)^KEEPER:.*$"#, "KEEPER: (sampled text)"),
        ]
        for (pattern, replacement) in masks {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    func check(script: URL, name: String, keepGoing: Bool = false, expected outcome: RunOutcome) throws {
        let h = Harness()
        h.shell.keepGoing = keepGoing
        #expect(try h.shell.runScript(at: script.path, displayName: script.lastPathComponent) == outcome)
        let actual = Self.normalize(h.transcript)
        let golden = Self.transcripts.appendingPathComponent(name + ".out")
        if ProcessInfo.processInfo.environment["GPTSH_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(actual == expected)
    }

    @Test func smokeScript() throws {
        try check(script: packageRoot.appendingPathComponent("scripts/smoke.gpt"), name: "smoke", expected: .finished)
    }

    @Test func languageAndErrors() throws {
        try check(script: Self.transcripts.appendingPathComponent("errors.gpt"), name: "errors",
                  keepGoing: true, expected: .quit)
    }
}
