import Foundation

/// Names of `AtomicFile`'s temporary files: `.NAME.tmp-PID-RANDOM` beside the target. The
/// writer's process id is in the name so that a later save can tell a file abandoned by a
/// process that was killed mid-write (SIGKILL and power loss skip every clean-up) from one that
/// a live process is still writing.
enum TemporaryFileName {
    static func prefix(for target: String) -> String { "." + target + ".tmp-" }

    static func make(for target: String) -> String {
        prefix(for: target) + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Removes the temporary files of `path` whose writer is no longer running on this machine.
    /// Best effort: a folder that cannot be listed or a file that cannot be removed is left as is.
    static func removeAbandoned(besides path: String) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = prefix(for: url.lastPathComponent)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0,
                  UInt32(rest[rest.index(after: dash)...]) != nil else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH { unlink(folder + "/" + name) }
        }
    }
}
