import Foundation
import Testing
@testable import GPTShell

/// The built `gptsh`, next to this test bundle in .build.
let gptshBinary: String = {
    let here = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    return here.appendingPathComponent("gptsh").path
}()

struct ProcessResult {
    var status: Int32
    var out: String
    var err: String
}

func runGPTSH(_ arguments: [String], stdin: Data? = nil, directory: URL? = nil) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: gptshBinary)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["GPTSH_HISTORY"] = directory.map { $0.appendingPathComponent("history").path } ?? "/dev/null/none"
    process.environment = environment
    if let directory { process.currentDirectoryURL = directory }
    let input = Pipe(), output = Pipe(), errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    // Drain both pipes while writing, so a large input cannot deadlock against full pipes.
    let out = Drained(output), err = Drained(errors)
    if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus, out: out.text, err: err.text)
}

/// Everything a pipe delivers, read on another thread.
final class Drained: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        DispatchQueue.global().async {
            self.data = pipe.fileHandleForReading.readDataToEndOfFile()
            self.done.signal()
        }
    }

    var text: String {
        done.wait()
        done.signal()
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite(.serialized) struct CLITests {
    @Test func pipedCommandsRunWithoutPromptEchoOrHistory() throws {
        let dir = temporaryDirectory()
        let r = try runGPTSH([], stdin: Data("echo one\n# comment\necho two; echo three\n".utf8), directory: dir)
        #expect(r.status == 0)
        #expect(r.out == "one\ntwo\nthree\n")
        #expect(r.err.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("history").path))
    }

    @Test func theFirstFailureStopsABatch() throws {
        let r = try runGPTSH(["-"], stdin: Data("echo one\n\nbogus 1\necho two\n".utf8))
        #expect(r.status == 1)
        #expect(r.out == "one\n")
        #expect(r.err == "<stdin>:3:1: error: unknown command 'bogus'; `help` lists the commands\n")
    }

    @Test func keepGoingRunsToTheEndAndStillFails() throws {
        let r = try runGPTSH(["-k"], stdin: Data("echo one\nbogus\necho two\n".utf8))
        #expect(r.status == 1)
        #expect(r.out == "one\ntwo\n")
    }

    @Test func commandArgument() throws {
        let ok = try runGPTSH(["-c", "echo a; echo b"])
        #expect(ok.status == 0 && ok.out == "a\nb\n")
        let bad = try runGPTSH(["-c", "echo a; set lr=x"])
        #expect(bad.status == 1)
        #expect(bad.err == "<command>:1:16: error: lr must be a number, got 'x'\n")
        #expect(bad.out.isEmpty)
    }

    @Test func usageErrorsExitWith2() throws {
        #expect(try runGPTSH(["--bogus"]).status == 2)
        let missing = try runGPTSH(["/nonexistent/script.gpt"])
        #expect(missing.status == 2)
        #expect(missing.err.contains("cannot open '/nonexistent/script.gpt'"))
    }

    @Test func keepGoingGoesOnWithTheNextCommandOnTheSameLine() throws {
        let r = try runGPTSH(["-k", "-c", "train 1; echo hi; bogus; echo there"])
        #expect(r.status == 1)
        #expect(r.out == "hi\nthere\n")
        #expect(r.err.contains("no model") && r.err.contains("unknown command 'bogus'"))
    }

    @Test func commandsAndScriptsRunInTheOrderGiven() throws {
        let dir = temporaryDirectory()
        write("echo script\n", to: "s.gpt", in: dir)
        let r = try runGPTSH(["-c", "echo a", "s.gpt", "-q", "-c", "echo b", "-kc", "echo c"], directory: dir)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "a\nscript\nb\nc\n")
    }

    @Test func settingsFromTheCommandLineWinOverTheScripts() throws {
        let dir = temporaryDirectory()
        write("set lr=1e-2 batch_size=4\nset lr\nset batch_size\n", to: "train.gpt", in: dir)
        let r = try runGPTSH(["train.gpt", "--set", "lr=3e-4", "--set=warmup_iters=7", "-c", "set warmup_iters"], directory: dir)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("learning_rate = 0.0003 (default 0.001), from the command line\n"))
        #expect(r.out.contains("learning_rate = 0.0003 (default 0.001): peak learning rate\n"))
        #expect(r.out.contains("batch_size = 4 (default 12): "))
        #expect(r.out.hasSuffix("warmup_iters = 7 (default 100): steps of linear warmup\n"))
        let saved = dir.appendingPathComponent("h.gpt").path
        let history = try runGPTSH(["--set", "lr=3e-4", "-c", "set lr=1e-2 batch_size=4; history save \(saved)"], directory: dir)
        #expect(history.status == 0, "\(history.err)")
        #expect(try String(contentsOfFile: saved, encoding: .utf8).contains("\nset learning_rate=0.0003 batch_size=4\n"),
                "the history holds what was set")
        let bad = try runGPTSH(["--set", "lr=fast", "-c", "echo never"])
        #expect(bad.status == 2 && bad.out.isEmpty)
        #expect(bad.err == "gptsh: --set lr=fast: learning_rate must be a number, got 'fast'\n")
        let unknown = try runGPTSH(["--set", "max_iters=100", "-c", "echo never"])
        #expect(unknown.status == 2 && unknown.err.contains("nanoGPT setting gptsh does not have"))
    }

    @Test func aWholeScriptIsCheckedBeforeItsFirstCommand() throws {
        let dir = temporaryDirectory()
        write("echo start\nset lr=1e-3\ntrain 10 lrr=3\necho \"unclosed\nset n_layr=2\n", to: "long.gpt", in: dir)
        let r = try runGPTSH(["-c", "echo first", "long.gpt"], directory: dir)
        #expect(r.status == 1)
        #expect(r.out.isEmpty, "nothing ran")
        #expect(r.err.contains("long.gpt:3:10: error: unknown hyperparameter 'lrr' (did you mean 'lr'?)"), "\(r.err)")
        #expect(r.err.contains("long.gpt:4:6: error: unterminated string"))
        #expect(r.err.contains("long.gpt:5:5: error: unknown hyperparameter 'n_layr'"))
        // A script it runs is checked with it.
        write("echo outer\nrun parts/inner.gpt\n", to: "outer.gpt", in: dir)
        write("echo inner\ntrain 5 pateince=2\n", to: "parts/inner.gpt", in: dir)
        let nested = try runGPTSH(["outer.gpt"], directory: dir)
        #expect(nested.status == 1 && nested.out.isEmpty, "\(nested.out)")
        #expect(nested.err.contains("parts/inner.gpt:2:9: error: `train` has no option 'pateince' (did you mean 'patience'?)"), "\(nested.err)")
    }

    @Test func versionAndHelp() throws {
        let version = try runGPTSH(["--version"])
        #expect(version.status == 0 && version.out == Shell.version + "\n")
        let help = try runGPTSH(["--help"])
        #expect(help.status == 0 && help.out.contains("--keep-going") && help.out.contains("-c <commands>"))
    }

    @Test func scriptsShareOneSessionAndAcceptAShebang() throws {
        let dir = temporaryDirectory()
        write("#!/usr/bin/env gptsh\nset lr=0.5\n", to: "a.gpt", in: dir)
        write("set lr\n", to: "b.gpt", in: dir)
        let r = try runGPTSH(["-q", "a.gpt", "b.gpt"], directory: dir)
        #expect(r.status == 0)
        #expect(r.out == "learning_rate = 0.5 (default 0.001): peak learning rate\n")
    }

    @Test func malformedInputIsAnErrorNotACrash() throws {
        var garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) })
        garbage.append(Data("\necho \"unbalanced\n".utf8))
        garbage.append(Data(repeating: UInt8(ascii: "y"), count: 2_000_000))
        garbage.append(Data("\n\u{FF}\u{FE}\necho done\n".utf8))
        garbage.append(Data([0xFF, 0xFE, 0x0A]))
        let r = try runGPTSH(["-k"], stdin: garbage)
        #expect(r.status == 1)
        #expect(r.out.hasSuffix("done\n"))
        #expect(r.err.contains("unterminated string"))
        #expect(r.err.contains("longer than 1 MiB"))
        #expect(r.err.contains("not valid UTF-8"))
    }

    @Test func aOneMegabyteLineOfGarbageIsRefused() throws {
        let line = Data((0..<1_000_000).map { UInt8(ascii: "a") + UInt8($0 % 26) }) + Data("\u{1}\n".utf8)
        let r = try runGPTSH([], stdin: line)
        #expect(r.status == 1)
        #expect(r.err == "<stdin>:1:1000001: error: unexpected control character U+0001\n")
    }

    @Test func interruptStopsTrainingWith130() throws {
        let dir = temporaryDirectory()
        write(tinyCorpus, to: "tiny.txt", in: dir)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gptshBinary)
        process.arguments = ["-c", "load corpus tiny.txt; tokenizer char; \(tinySettings); init; train 100000000; echo never"]
        process.currentDirectoryURL = dir
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // `init` reports the parameters just before training starts.
        var seen = ""
        while !seen.contains("parameters") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        Thread.sleep(forTimeInterval: 0.2)
        process.interrupt()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("gptsh ignored the interrupt")
        }
        process.waitUntilExit()
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 130)
        #expect(err.contains(#/interrupted at step \d+ \(\d+ of 100000000 steps done\)/#))
        #expect(!out.contains("never"))
    }

    @Test func smokeScriptPasses() throws {
        let r = try runGPTSH(["-q", packageRoot.appendingPathComponent("scripts/smoke.gpt").path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.hasSuffix("smoke: ok\n"))
    }
}
