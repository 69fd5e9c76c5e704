import Foundation

/// Lines read from a file descriptor (a script file or stdin) as they arrive, so piped
/// commands run as soon as their line is complete.
public final class FileDescriptorLines: LineSource {
    public let name: String
    private let fd: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// A line over the limit was reported; its rest is dropped up to the next newline.
    private var skippingLongLine = false
    private var skipped = 0
    static let maxSkipped = 16 * LineDecoder.maxBytes
    private var lineNumber = 0

    public init(fd: Int32, name: String) {
        self.fd = fd
        self.name = name
        ownsDescriptor = false
    }

    /// Opens a script file; throws a message fit for the command line when it cannot.
    public init(path: String, name: String? = nil) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ShellInputError(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw ShellInputError(path: path, reason: "Is a directory")
        }
        self.fd = fd
        self.name = name ?? path
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(fd) }
    }

    public func nextLine(continuing: Bool) -> InputLine {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let bytes = buffer[start..<newline]
                start = newline + 1
                if skippingLongLine {
                    skippingLongLine = false
                    continue
                }
                return finish(bytes)
            }
            if skippingLongLine {
                skipped += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
                // Not a script (a device, a binary file): reading ends, the line already reported.
                if skipped > Self.maxSkipped { return .end }
            } else if buffer.count - start > LineDecoder.maxBytes {
                // Reported at once, not at the line's end, which may never come (/dev/zero);
                // the rest of the line is skipped if reading goes on.
                skippingLongLine = true
                skipped = 0
                buffer.removeAll(keepingCapacity: true)
                start = 0
                lineNumber += 1
                return LineDecoder.tooLong(line: lineNumber, source: name)
            }
            if atEnd {
                guard start < buffer.count, !skippingLongLine else { return .end }
                let bytes = buffer[start...]
                start = buffer.count
                return finish(bytes)
            }
            if skippingLongLine && Interrupt.isRequested { return .interrupted }
            if let stop = fill() { return stop }
        }
    }

    private func finish(_ bytes: ArraySlice<UInt8>) -> InputLine {
        lineNumber += 1
        if start > 1 << 16 {
            buffer.removeFirst(start)
            start = 0
        }
        if bytes.count > LineDecoder.maxBytes {
            return LineDecoder.tooLong(line: lineNumber, source: name)
        }
        return LineDecoder.decode(bytes, line: lineNumber, source: name)
    }

    /// Reads more bytes; returns why reading stopped when it is not worth retrying.
    private func fill() -> InputLine? {
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            buffer += chunk[..<n]
        } else if n == 0 {
            atEnd = true
        } else if errno == EINTR {
            if Interrupt.isRequested { return .interrupted }
        } else {
            let reason = String(cString: strerror(errno))
            atEnd = true
            return .failure(ShellError("cannot read: \(reason)",
                                       at: SourceLocation(source: name, line: lineNumber + 1, column: 1)))
        }
        return nil
    }
}

/// A script named on the command line that cannot be opened.
public struct ShellInputError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot open '\(path)': \(reason)" }
}
