import Foundation
import Testing
@testable import GPTShell

/// A line that never ends (/dev/zero as a script) is refused once it passes the limit,
/// without waiting for a newline or an end of file that never come.
@Suite struct EndlessInputTests {
    @Test func anEndlessLineIsRefusedAtTheLimit() throws {
        let source = try FileDescriptorLines(path: "/dev/zero")
        guard case .failure(let error) = source.nextLine(continuing: false) else {
            Issue.record("an endless line was accepted")
            return
        }
        #expect(error.message.contains("longer than 1 MiB"))
        #expect(error.location.line == 1)
        // The rest of an endless line is skipped up to a bound, then reading ends.
        #expect(source.nextLine(continuing: false) == .end)
    }

    @Test func runOfDevZeroFails() throws {
        let r = try runGPTSH(["-c", "run /dev/zero; echo after"])
        #expect(r.status == 1)
        #expect(r.err.contains("/dev/zero:1:1: error: the line is longer than 1 MiB"), "\(r.err)")
        #expect(!r.out.contains("after"))
    }
}
