import Foundation

/// Reads a file front to back through one fixed buffer, so a file of any size costs the same
/// memory: lines up to a limit, or a counted run of bytes.
final class ByteReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// Bytes handed out so far.
    private(set) var offset = 0

    init(path: String) throws {
        // A FIFO would block the open and /dev/zero never end: only regular files are read.
        try BoundedFileRead.requireRegularFile(path)
        guard let f = fopen(path, "rb") else {
            throw EngineError.io("cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        file = f
    }

    deinit { fclose(file) }

    /// At least one byte is buffered, unless the file has ended.
    private func fill() -> Bool {
        if start < end { return true }
        guard !atEOF else { return false }
        let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        start = 0
        end = n
        if n == 0 { atEOF = true }
        return n > 0
    }

    func peek() -> UInt8? { fill() ? buffer[start] : nil }

    /// Up to `maxBytes` of what comes next, without consuming them.
    func peekPrefix<R>(maxBytes: Int, _ body: (ArraySlice<UInt8>) -> R) -> R {
        precondition(maxBytes <= buffer.count)
        if end - start < maxBytes && !atEOF {
            buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
            end -= start
            start = 0
            while end < maxBytes {
                let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress! + end, 1, $0.count - end, file) }
                if n == 0 { atEOF = true; break }
                end += n
            }
        }
        return body(buffer[start..<min(end, start + maxBytes)])
    }

    func skip() {
        if fill() {
            start += 1
            offset += 1
        }
    }

    /// The next line without its "\n" (nor a "\r" before it); nil at the end of the file.
    /// `tooLong` when more than `limit` bytes come before the line's end: reading stops there.
    func line(limit: Int) -> (bytes: [UInt8], tooLong: Bool)? {
        guard fill() else { return nil }
        var out: [UInt8] = []
        while fill() {
            let chunk = buffer[start..<end]
            let newline = chunk.firstIndex(of: UInt8(ascii: "\n"))
            let stop = newline ?? end
            out.append(contentsOf: buffer[start..<stop])
            offset += stop - start + (newline == nil ? 0 : 1)
            start = newline.map { $0 + 1 } ?? end
            if out.count > limit { return (out, true) }
            if newline != nil { break }
        }
        if out.last == UInt8(ascii: "\r") { out.removeLast() }
        return (out, false)
    }

    /// Bytes up to (not including) `delimiter`, which is consumed; nil if the file ends first
    /// or more than `limit` bytes come before it.
    func bytes(until delimiter: UInt8, limit: Int) -> [UInt8]? {
        var out: [UInt8] = []
        while let b = peek() {
            skip()
            if b == delimiter { return out }
            out.append(b)
            if out.count > limit { return nil }
        }
        return nil
    }

    /// Exactly `count` bytes into `into`; false if the file ends first.
    func read(_ count: Int, into: UnsafeMutableRawPointer) -> Bool {
        var done = 0
        while done < count {
            guard fill() else { return false }
            let n = min(count - done, end - start)
            buffer.withUnsafeBytes { (into + done).copyMemory(from: $0.baseAddress! + start, byteCount: n) }
            start += n
            offset += n
            done += n
        }
        return true
    }
}
