import Foundation

/// Writes a safetensors file atomically and durably: into a temporary file in the target's
/// folder, fsync'd, renamed over the target, then the folder fsync'd. Any failure leaves the
/// old file as it was. Tensor data is written straight from its storage, not copied.
public struct SafeTensorsWriter {
    private struct Entry {
        let name: String
        let dtype: String
        let shape: [Int]
        let bytes: UnsafeRawBufferPointer
    }

    private var entries: [Entry] = []
    public var metadata: [String: String] = [:]

    public init() {}

    /// The bytes must stay valid until `write` returns.
    public mutating func add(_ name: String, floats: UnsafePointer<Float>, shape: [Int]) {
        let count = shape.reduce(1, *)
        entries.append(Entry(name: name, dtype: "F32", shape: shape,
                             bytes: UnsafeRawBufferPointer(start: floats, count: count * 4)))
    }

    public mutating func add(_ name: String, int32s: UnsafePointer<Int32>, shape: [Int]) {
        let count = shape.reduce(1, *)
        entries.append(Entry(name: name, dtype: "I32", shape: shape,
                             bytes: UnsafeRawBufferPointer(start: int32s, count: count * 4)))
    }

    func headerBytes() throws -> [UInt8] {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        for e in entries {
            header[e.name] = ["dtype": e.dtype, "shape": e.shape, "data_offsets": [offset, offset + e.bytes.count]] as [String: Any]
            offset += e.bytes.count
        }
        var json = Array(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        // Pad with spaces so the data starts 8-byte aligned, as the format recommends.
        while (8 + json.count) % 8 != 0 { json.append(0x20) }
        return json
    }

    public func write(to path: String) throws {
        let header = try headerBytes()
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temp = folder + "/." + url.lastPathComponent + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw EngineError.io("cannot save to '\(path)': \(String(cString: strerror(errno)))") }
        var ok = false
        defer {
            if !ok {
                close(fd)
                unlink(temp)
            }
        }
        func put(_ raw: UnsafeRawBufferPointer) throws {
            var done = 0
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw EngineError.io("cannot save to '\(path)': \(String(cString: strerror(errno)))") }
                done += n
            }
        }
        var length = UInt64(header.count).littleEndian
        try withUnsafeBytes(of: &length) { try put($0) }
        try header.withUnsafeBytes { try put($0) }
        for e in entries where e.bytes.count > 0 { try put(e.bytes) }
        guard fsync(fd) == 0 else { throw EngineError.io("cannot save to '\(path)': fsync failed: \(String(cString: strerror(errno)))") }
        guard close(fd) == 0 else {
            unlink(temp)
            ok = true
            throw EngineError.io("cannot save to '\(path)': \(String(cString: strerror(errno)))")
        }
        ok = true
        guard rename(temp, path) == 0 else {
            let why = String(cString: strerror(errno))
            unlink(temp)
            throw EngineError.io("cannot save to '\(path)': \(why)")
        }
        let dir = open(folder.isEmpty ? "." : folder, O_RDONLY)
        if dir >= 0 {
            fsync(dir)
            close(dir)
        }
    }
}
