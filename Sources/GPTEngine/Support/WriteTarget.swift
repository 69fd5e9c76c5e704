import Foundation

/// Where a write to a path really lands. A symlink is followed so that the file it names is
/// replaced and the link kept; anything but a regular file (a device, a FIFO, a folder) is
/// refused, since renaming over it would replace a node the user never meant to lose.
public enum WriteTarget {
    /// Links longer than this chain are a loop, as the kernel's own limit (40) treats them.
    private static let maxLinks = 40

    /// The path to write, after following symlinks; throws if it is not a regular file or missing.
    public static func resolve(_ path: String) throws -> String {
        func failure(_ why: String) -> EngineError { .io("cannot write '\(path)': \(why)") }
        guard !path.utf8.contains(0) else { throw failure("the path contains a NUL character") }
        guard !path.isEmpty else { throw failure("the path is empty") }
        var current = path
        for _ in 0...maxLinks {
            var info = stat()
            // A path that cannot be examined (missing, or under a file) is left for the open to report.
            guard lstat(current, &info) == 0 else { return current }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                return current
            case S_IFLNK:
                current = try linkTarget(current, failure)
            default:
                throw failure("it is \(kind(info.st_mode)), not a regular file")
            }
        }
        throw failure("too many levels of symbolic links")
    }

    private static func linkTarget(_ link: String, _ failure: (String) -> EngineError) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink(link, &buffer, buffer.count - 1)
        guard n >= 0 else { throw failure(String(cString: strerror(errno))) }
        let target = String(decoding: buffer[..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if target.hasPrefix("/") { return target }
        let folder = (link as NSString).deletingLastPathComponent
        return folder.isEmpty ? target : folder + "/" + target
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "a folder"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a plain file"
        }
    }
}
