import Foundation
import GPTEngine

/// The file `log PATH` appends to. Each record is one write to a file opened for appending, so
/// `tail -f` sees whole lines and a crash loses at most the line being written.
final class MetricsLog {
    enum Format: String, CaseIterable {
        case jsonl, csv
    }

    let path: String
    let format: Format
    private let fd: Int32

    init(path: String, format: Format) throws {
        fd = open(try WriteTarget.resolve(path), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LogError(path: path, errno: errno) }
        self.path = path
        self.format = format
        // A CSV file gets its header once, when it starts empty.
        var info = stat()
        if format == .csv && fstat(fd, &info) == 0 && info.st_size == 0 {
            try append(MetricsRecord.fields.joined(separator: ","))
        }
    }

    deinit { close(fd) }

    func write(_ record: MetricsRecord) throws {
        try append(format == .csv ? record.csv : record.json)
    }

    /// A short write (the disk filled mid-line) is retried for the rest, whose failure names
    /// the cause; the part already written is cut off again so the log keeps whole lines.
    private func append(_ line: String) throws {
        let bytes = Array((line + "\n").utf8)
        let start = lseek(fd, 0, SEEK_END)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let error = LogError(path: path, errno: n < 0 ? errno : ENOSPC)
                if start >= 0 { _ = ftruncate(fd, start) }
                throw error
            }
            done += n
        }
    }
}

struct LogError: Error, CustomStringConvertible {
    let path: String
    let errno: Int32

    var description: String { "cannot write the log '\(path)': \(String(cString: strerror(errno)))" }
}
