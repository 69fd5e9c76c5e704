import Foundation

/// Writes a file atomically and durably: into a temporary file in the target's folder,
/// fsync'd, renamed over the target, then the folder fsync'd. Any failure leaves the old file
/// as it was and no temporary file behind; a process killed mid-write leaves its temporary
/// file, which the next write to the same target removes. A symlink's target is written, the
/// link kept (see `WriteTarget`).
public enum AtomicFile {
    /// `body` receives a `put` that writes all of a buffer to the temporary file.
    static func write(to written: String, _ body: (_ put: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let path = try WriteTarget.resolve(written)
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        TemporaryFileName.removeAbandoned(besides: path)
        let temp = folder + "/" + TemporaryFileName.make(for: url.lastPathComponent)
        func failure(_ why: String) -> EngineError { .io("cannot save to '\(written)': \(why)") }
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw failure(String(cString: strerror(errno))) }
        var fdOpen = true
        defer {
            if fdOpen { close(fd) }
        }
        var renamed = false
        defer {
            if !renamed { unlink(temp) }
        }
        try body { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw failure(String(cString: strerror(errno))) }
                done += n
            }
        }
        guard fsync(fd) == 0 else { throw failure("fsync failed: \(String(cString: strerror(errno)))") }
        fdOpen = false
        guard close(fd) == 0 else { throw failure(String(cString: strerror(errno))) }
        guard rename(temp, path) == 0 else { throw failure(String(cString: strerror(errno))) }
        renamed = true
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }

    public static func write(_ data: Data, to path: String) throws {
        try write(to: path) { put in try data.withUnsafeBytes { try put($0) } }
    }
}
