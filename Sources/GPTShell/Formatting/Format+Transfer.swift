import Foundation

extension Format {
    /// `130.2 MB in 0.41 s`: what `save` and `load` moved, to compare with the disk's speed.
    static func transfer(bytes: Int, seconds: Double) -> String {
        let size: String
        switch bytes {
        case ..<1024: size = "\(bytes) bytes"
        case ..<(1024 * 1024): size = String(format: "%.1f KB", Double(bytes) / 1024)
        default: size = String(format: "%.1f MB", Double(bytes) / (1024 * 1024))
        }
        return size + String(format: " in %.2f s", seconds)
    }

    /// The size of a file just written or read, and the seconds since `start`.
    static func transfer(of path: String, since start: DispatchTime) -> String {
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        // stat, not lstat: a save through a symlink reports the file written, not the link.
        var info = stat()
        let bytes = stat(path, &info) == 0 ? Int(info.st_size) : 0
        return transfer(bytes: bytes, seconds: seconds)
    }
}
