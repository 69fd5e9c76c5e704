import Foundation

/// Reads a whole regular file, at most the size it had when opened. A FIFO, device or folder
/// is refused (a FIFO would block, `/dev/zero` never ends), and so are /proc and /sys files,
/// which report a size of 0 and may yield without bound.
public enum BoundedFileRead {
    public static func read(_ path: String) throws -> Data {
        let (fd, size) = try openRegularFile(path)
        defer { close(fd) }
        var data = Data(count: size)
        var done = 0
        try data.withUnsafeMutableBytes { raw in
            while done < size {
                let n = Glibc.read(fd, raw.baseAddress! + done, size - done)
                if n < 0 && errno == EINTR { continue }
                guard n >= 0 else { throw EngineError.io("cannot read '\(path)': \(String(cString: strerror(errno)))") }
                if n == 0 { break }
                done += n
            }
        }
        return data.prefix(done)
    }

    /// Refuses what `read` refuses, for readers that map or stream the file themselves.
    static func requireRegularFile(_ path: String) throws {
        close(try openRegularFile(path).fd)
    }

    /// An open descriptor on `path` and the size it has, or an error in the user's terms.
    private static func openRegularFile(_ path: String) throws -> (fd: Int32, size: Int) {
        func failure(_ why: String) -> EngineError { .io("cannot read '\(path)': \(why)") }
        guard !path.utf8.contains(0) else { throw failure("the path contains a NUL character") }
        guard !path.isEmpty else { throw failure("the path is empty") }
        // O_NONBLOCK so that opening a FIFO with no writer returns at once, to be refused below.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw failure(String(cString: strerror(errno))) }
        var opened = false
        defer { if !opened { close(fd) } }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw failure(String(cString: strerror(errno))) }
        let type = info.st_mode & S_IFMT
        guard type == S_IFREG else {
            let kind = [S_IFDIR: "a folder", S_IFIFO: "a FIFO", S_IFCHR: "a character device", S_IFBLK: "a block device", S_IFSOCK: "a socket"][type] ?? "not a plain file"
            throw failure("it is \(kind), not a regular file")
        }
        if ["/proc", "/sys"].contains(where: { isOnFilesystem(of: $0, device: info.st_dev) }) {
            throw failure("it is a /proc or /sys file, whose size is not known in advance; copy what you need into a regular file")
        }
        opened = true
        return (fd, Int(info.st_size))
    }

    /// Whether `device` is the filesystem mounted at `mountPoint` (Glibc offers no statfs to
    /// ask a file's filesystem type).
    private static func isOnFilesystem(of mountPoint: String, device: dev_t) -> Bool {
        var info = stat()
        return stat(mountPoint, &info) == 0 && info.st_dev == device
    }
}
