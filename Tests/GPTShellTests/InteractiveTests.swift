import Foundation
import Testing

/// The XSI pseudo-terminal calls, which the Glibc module does not import.
private enum PTY {
    static func function<T>(_ name: String, as type: T.Type) -> T {
        unsafeBitCast(dlsym(nil, name)!, to: type)
    }

    static let openpt = function("posix_openpt", as: (@convention(c) (Int32) -> Int32).self)
    static let grant = function("grantpt", as: (@convention(c) (Int32) -> Int32).self)
    static let unlock = function("unlockpt", as: (@convention(c) (Int32) -> Int32).self)
    static let name = function("ptsname", as: (@convention(c) (Int32) -> UnsafeMutablePointer<CChar>?).self)
    /// glibc's POSIX_SPAWN_SETSID, hidden behind _GNU_SOURCE.
    static let spawnSetSID: Int16 = 0x80
}

/// gptsh on a pseudo-terminal, driven as a person would type.
final class Terminal {
    let master: Int32
    let pid: pid_t
    private(set) var transcript = ""

    init(environment extra: [String: String], directory: URL, arguments: [String] = []) throws {
        master = PTY.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, PTY.grant(master) == 0, PTY.unlock(master) == 0, let name = PTY.name(master) else {
            throw POSIXError(.ENODEV)
        }
        let slave = String(cString: name)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        // A new session, so that opening the terminal makes it the controlling one and Ctrl-C reaches gptsh.
        posix_spawnattr_setflags(&attributes, PTY.spawnSetSID)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "dumb"
        environment.merge(extra) { $1 }
        let argv: [UnsafeMutablePointer<CChar>?] = ([gptshBinary] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0)=\($1)") } + [nil]
        let cwd = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(directory.path)
        var child: pid_t = 0
        let status = posix_spawn(&child, gptshBinary, &actions, &attributes, argv, envp)
        FileManager.default.changeCurrentDirectoryPath(cwd)
        posix_spawn_file_actions_destroy(&actions)
        posix_spawnattr_destroy(&attributes)
        guard status == 0 else { throw POSIXError(POSIXErrorCode(rawValue: status) ?? .EIO) }
        pid = child
    }

    deinit { close(master) }

    func send(_ text: String) {
        _ = text.withCString { write(master, $0, strlen($0)) }
    }

    /// Reads until `text` appears after `from` in the transcript; false on timeout or end.
    @discardableResult
    func wait(for text: String, after from: String.Index? = nil, timeout: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if transcript[(from ?? transcript.startIndex)...].contains(text) { return true }
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) >= 0 else { continue }
            if descriptor.revents & Int16(POLLIN) != 0 {
                var buffer = [UInt8](repeating: 0, count: 4096)
                let n = read(master, &buffer, buffer.count)
                if n <= 0 { return false }
                transcript += String(decoding: buffer[..<n], as: UTF8.self)
            } else if descriptor.revents != 0 {
                return false
            }
        }
        return false
    }

    var end: String.Index { transcript.endIndex }

    func exitStatus(timeout: Double = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { return (status >> 8) & 0xFF }
            if result < 0 { return nil }
            if !wait(for: "\u{0}", timeout: 0.1) { usleep(20_000) }
        }
        kill(pid, SIGKILL)
        return nil
    }
}

@Suite struct InteractiveTests {
    /// Each step waits for the next prompt before typing on: keys typed while a command runs
    /// meet the terminal in cooked mode, where Ctrl-C and Ctrl-D mean something else.
    @Test func promptCompletionInterruptAndExit() throws {
        let dir = temporaryDirectory()
        write(tinyCorpus, to: "tiny.txt", in: dir)
        let history = dir.appendingPathComponent("history").path
        let t = try Terminal(environment: ["GPTSH_HISTORY": history], directory: dir)
        #expect(t.wait(for: "gpt> "), "\(t.transcript)")

        var mark = t.end
        t.send("load corpus ti\t")
        #expect(t.wait(for: "tiny.txt", after: mark), "file names complete")
        t.send("\n")
        #expect(t.wait(for: "171 characters, 22 distinct; 153 train, 18 val\r\ngpt> ", after: mark))

        mark = t.end
        t.send("tokenizer char; \(tinySettings); set log_interval=20000; init\n")
        #expect(t.wait(for: "parameters (seed 1337)\r\ngpt> ", after: mark))

        mark = t.end
        t.send("tra\t")
        #expect(t.wait(for: "train ", after: mark), "tab completes tra to train")
        t.send("100000000\n")
        #expect(t.wait(for: "step 20000/100000000", after: mark), "training runs")
        t.send("\u{3}")
        #expect(t.wait(for: "steps done)\r\ngpt> ", after: mark), "Ctrl-C returns to the prompt: \(t.transcript[mark...])")
        #expect(t.transcript[mark...].contains(#/interrupted at step \d+ \(\d+ of 100000000 steps done\)/#))
        #expect(!t.transcript[mark...].contains("^C"), "the terminal does not echo Ctrl-C onto the last line")

        mark = t.end
        t.send("echo half-typed")
        #expect(t.wait(for: "half-typed", after: mark))
        t.send("\u{3}")
        #expect(t.wait(for: "^C\r\ngpt> ", after: mark))
        t.send("echo fresh\n")
        #expect(t.wait(for: "echo fresh\r\nfresh\r\ngpt> ", after: mark), "Ctrl-C cleared the line: \(t.transcript[mark...])")

        t.send("\u{4}")
        #expect(t.exitStatus() == 0)
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        #expect(saved.contains("train 100000000\n") && saved.contains("echo fresh\n") && !saved.contains("half-typed"))
    }

    /// `you> ` recalls what was typed there, never the commands typed at `gpt> `.
    @Test func chatHasAHistoryOfItsOwn() throws {
        let dir = temporaryDirectory()
        write(tinyCorpus, to: "tiny.txt", in: dir)
        let t = try Terminal(environment: ["GPTSH_HISTORY": dir.appendingPathComponent("history").path], directory: dir)
        #expect(t.wait(for: "gpt> "), "\(t.transcript)")
        var mark = t.end
        t.send("load corpus tiny.txt; tokenizer char; \(tinySettings); init\n")
        #expect(t.wait(for: "parameters (seed 1337)\r\ngpt> ", after: mark))
        mark = t.end
        t.send("echo secret-command\n")
        #expect(t.wait(for: "secret-command\r\ngpt> ", after: mark))
        mark = t.end
        t.send("chat 3 temperature=0\n")
        #expect(t.wait(for: "you> ", after: mark), "\(t.transcript[mark...])")
        // Ctrl-P is readline's previous-history key: with nothing typed at you> yet, it has nothing.
        let atChat = t.end
        t.send("\u{10}")
        t.send("the cat\n")
        #expect(t.wait(for: "you> ", after: atChat), "\(t.transcript[atChat...])")
        #expect(!t.transcript[atChat...].contains("chat 3") && !t.transcript[atChat...].contains("secret-command"),
                "\(t.transcript[atChat...])")
        let second = t.end
        t.send("\u{10}")
        #expect(t.wait(for: "the cat", after: second), "the chat's own line comes back: \(t.transcript[second...])")
        t.send("\u{15}\n")
        #expect(t.wait(for: "gpt> ", after: second))
        let back = t.end
        t.send("\u{10}")
        #expect(t.wait(for: "chat 3 temperature=0", after: back), "the commands are back at gpt>: \(t.transcript[back...])")
        t.send("\u{15}\u{4}")
        #expect(t.exitStatus() == 0)
    }
}
