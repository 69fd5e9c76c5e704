import Foundation
import Testing

@Suite struct InstallTests {
    /// scripts/install puts gptsh where `#!/usr/bin/env gptsh` finds it.
    @Test func anInstalledGptshRunsAScriptByItsShebang() throws {
        let dir = temporaryDirectory()
        let prefix = dir.appendingPathComponent("prefix")
        let install = Process()
        install.executableURL = packageRoot.appendingPathComponent("scripts/install")
        install.arguments = [prefix.path]
        install.environment = ProcessInfo.processInfo.environment.merging(["GPTSH_BINARY": gptshBinary]) { $1 }
        install.standardOutput = FileHandle.nullDevice
        try install.run()
        install.waitUntilExit()
        #expect(install.terminationStatus == 0)

        let script = write("#!/usr/bin/env gptsh\necho installed and found\n", to: "hello.gpt", in: dir)
        chmod(script, 0o755)
        let run = Process()
        run.executableURL = URL(fileURLWithPath: script)
        let path = prefix.appendingPathComponent("bin").path + ":/usr/bin:/bin"
        run.environment = ["PATH": path, "HOME": dir.path, "GPTSH_HISTORY": ""]
        let out = Pipe()
        run.standardOutput = out
        try run.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        run.waitUntilExit()
        #expect(run.terminationStatus == 0)
        #expect(text == "installed and found\n")
    }
}
