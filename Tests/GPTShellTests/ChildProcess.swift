import Foundation

/// A `gptsh` child with its output discarded, for tests that stop or kill it mid-command.
func launchGPTSH(_ arguments: [String], in dir: URL) throws -> Process {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: gptshBinary)
    p.arguments = arguments
    p.currentDirectoryURL = dir
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    try p.run()
    return p
}

/// Waits (up to 10 s) until `inProgress` holds, then stops the child (SIGSTOP); true if it
/// still holds once the stop has taken effect, so the child is frozen in the middle of it.
func stop(_ child: Process, whilst inProgress: () throws -> Bool) throws -> Bool {
    let deadline = Date().addingTimeInterval(10)
    while child.isRunning && Date() < deadline {
        if try inProgress() {
            Glibc.kill(child.processIdentifier, SIGSTOP)
            var status: Int32 = 0
            // WUNTRACED returns once the stop has taken effect.
            _ = waitpid(child.processIdentifier, &status, WUNTRACED)
            if try inProgress() { return true }
            Glibc.kill(child.processIdentifier, SIGCONT)
        }
        usleep(100)
    }
    return false
}
