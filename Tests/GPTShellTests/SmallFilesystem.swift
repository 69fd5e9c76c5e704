import Foundation

/// A tmpfs of a few pages mounted on a fresh folder, to fill a disk or make a folder read-only
/// without touching the machine's own. Mounting needs root (CAP_SYS_ADMIN); where it is not
/// allowed the tests that need it are skipped with a message that says so.
final class SmallFilesystem {
    let folder: URL

    init?(bytes: Int) {
        folder = temporaryDirectory()
        guard mount("tmpfs", folder.path, "tmpfs", 0, "size=\(bytes),mode=0755") == 0 else { return nil }
    }

    deinit { umount2(folder.path, Int32(MNT_DETACH)) }

    static let available: Bool = SmallFilesystem(bytes: 4096) != nil
    static let skipped = "mounting a tmpfs needs root (CAP_SYS_ADMIN); the full-disk and read-only tests are skipped"

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Writes zeros into a filler file until the file system has no room left.
    func fill() {
        let fd = open(path("filler"), O_WRONLY | O_CREAT | O_APPEND, 0o644)
        precondition(fd >= 0)
        defer { close(fd) }
        let zeros = [UInt8](repeating: 0, count: 4096)
        while zeros.withUnsafeBytes({ write(fd, $0.baseAddress, 512) }) > 0 {}
    }

    /// Makes the whole file system read-only.
    func remountReadOnly() -> Bool {
        mount("tmpfs", folder.path, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0
    }

    func names() -> [String] { ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted() }
}
