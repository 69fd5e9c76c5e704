import Foundation

/// Writes a safetensors file atomically and durably (see `AtomicFile`). Tensor data is written
/// straight from its storage, not copied.
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

    /// bfloat16 values as their 16-bit patterns (dtype BF16).
    public mutating func add(_ name: String, bfloat16s: UnsafePointer<UInt16>, shape: [Int]) {
        let count = shape.reduce(1, *)
        entries.append(Entry(name: name, dtype: "BF16", shape: shape,
                             bytes: UnsafeRawBufferPointer(start: bfloat16s, count: count * 2)))
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
        try AtomicFile.write(to: path) { put in
            var length = UInt64(header.count).littleEndian
            try withUnsafeBytes(of: &length) { try put($0) }
            try header.withUnsafeBytes { try put($0) }
            for e in entries where e.bytes.count > 0 { try put(e.bytes) }
        }
    }
}
