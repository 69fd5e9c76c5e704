import Foundation

/// A safetensors file, read and checked: an 8-byte little-endian header length, a JSON header
/// naming each tensor's dtype, shape and byte range, and the data. Nothing is allocated from a
/// size in the file before that size has been checked against the file's real length.
public struct SafeTensorsFile {
    public struct Tensor: Equatable {
        public let name: String
        public let dtype: String
        public let shape: [Int]
        /// Byte range within the file.
        public let bytes: Range<Int>
        public var count: Int { shape.reduce(1, *) }
    }

    public static let maxHeaderBytes = 100 * 1024 * 1024
    /// A 128-layer GPT-2 checkpoint (weights and both AdamW moments) holds about 4,700 tensors;
    /// a header naming many more would only cost time and memory to parse.
    public static let maxTensors = 65_536
    static let dtypeSizes: [String: Int] = ["F32": 4, "I32": 4, "F16": 2, "BF16": 2, "I64": 8, "F64": 8, "U8": 1, "I8": 1, "BOOL": 1, "U16": 2, "I16": 2, "U32": 4, "U64": 8]

    public let path: String
    public let metadata: [String: String]
    /// Tensors in data order.
    public let tensors: [Tensor]
    private let index: [String: Int]
    let data: Data

    public init(path: String) throws {
        try BoundedFileRead.requireRegularFile(path)
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw EngineError.io("cannot read '\(path)': \(Corpus.reason(error))")
        }
        try self.init(path: path, data: data)
    }

    public init(path: String, data: Data) throws {
        self.path = path
        self.data = data
        func bad(_ why: String) -> EngineError { .format("'\(path)' is not a valid safetensors file: \(why)") }
        guard data.count >= 8 else { throw bad("it is \(data.count) bytes long, shorter than the 8-byte header length") }
        var n: UInt64 = 0
        for i in (0..<8).reversed() { n = n << 8 | UInt64(data[data.startIndex + i]) }
        guard n <= UInt64(Self.maxHeaderBytes) else { throw bad("header length \(n) exceeds the 100 MB limit") }
        guard n <= UInt64(data.count - 8) else { throw bad("header length \(n) runs past the end of the \(data.count)-byte file") }
        guard n >= 2 else { throw bad("header length \(n) is too short for a JSON object") }
        let headerEnd = 8 + Int(n)
        let declared = Self.countTensorEntries(data[data.startIndex + 8 ..< data.startIndex + headerEnd])
        guard declared <= Self.maxTensors else {
            throw bad("the header declares \(declared) tensors, more than the \(Self.maxTensors) gptsh reads")
        }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data.subdata(in: data.startIndex + 8 ..< data.startIndex + headerEnd)) } catch {
            throw bad("the header is not valid JSON")
        }
        guard let header = json as? [String: Any] else { throw bad("the header is not a JSON object") }
        var metadata: [String: String] = [:]
        var tensors: [Tensor] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: Any] else { throw bad("__metadata__ is not an object") }
                for (k, v) in m {
                    guard let s = v as? String else { throw bad("metadata value '\(k)' is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Any], let offsets = info["data_offsets"] as? [Any], offsets.count == 2
            else { throw bad("tensor '\(name)' lacks dtype, shape or data_offsets") }
            guard let size = Self.dtypeSizes[dtype] else { throw bad("tensor '\(name)' has unknown dtype \(dtype)") }
            let dims = try shape.map { d -> Int in
                guard let i = JSONNumber.whole(d), i >= 0, i <= Int(Int32.max) else {
                    throw bad("tensor '\(name)' has an invalid shape: \(JSONNumber.describe(d)) is not a dimension (a whole number from 0 to \(Int32.max))")
                }
                return i
            }
            let ends = try offsets.map { o -> Int in
                guard let i = JSONNumber.whole(o), i >= 0 else {
                    throw bad("tensor '\(name)' has invalid data_offsets: \(JSONNumber.describe(o)) is not a byte offset (a whole number from 0)")
                }
                guard i <= data.count else { throw bad("tensor '\(name)' has offsets past the end of the file") }
                return i
            }
            guard ends[0] <= ends[1], headerEnd + ends[1] <= data.count else {
                throw bad("tensor '\(name)' has offsets past the end of the file")
            }
            var elements = 1
            for d in dims {
                let (r, o) = elements.multipliedReportingOverflow(by: d)
                guard !o, r <= data.count else { throw bad("tensor '\(name)' has a shape larger than the file") }
                elements = r
            }
            guard elements * size == ends[1] - ends[0] else {
                throw bad("tensor '\(name)' has shape \(dims) of \(dtype) (\(elements * size) bytes) but \(ends[1] - ends[0]) bytes of data")
            }
            tensors.append(Tensor(name: name, dtype: dtype, shape: dims, bytes: headerEnd + ends[0] ..< headerEnd + ends[1]))
        }
        tensors.sort { ($0.bytes.lowerBound, $0.bytes.upperBound, $0.name) < ($1.bytes.lowerBound, $1.bytes.upperBound, $1.name) }
        for (a, b) in zip(tensors, tensors.dropFirst()) where a.bytes.upperBound > b.bytes.lowerBound && !a.bytes.isEmpty && !b.bytes.isEmpty {
            throw bad("tensors '\(a.name)' and '\(b.name)' overlap")
        }
        self.metadata = metadata
        self.tensors = tensors
        var index: [String: Int] = [:]
        for (i, t) in tensors.enumerated() { index[t.name] = i }
        self.index = index
    }

    /// An upper bound on the tensors a header declares, counted without parsing it: every
    /// tensor has a `"data_offsets"` key (inside a JSON string its quotes would be escaped).
    static func countTensorEntries(_ header: Data) -> Int {
        let key = Array("\"data_offsets\"".utf8)
        return header.withUnsafeBytes { raw -> Int in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard bytes.count >= key.count else { return 0 }
            var found = 0, i = 0
            while i <= bytes.count - key.count {
                if bytes[i] == key[0] && key.indices.allSatisfy({ bytes[i + $0] == key[$0] }) {
                    found += 1
                    i += key.count
                } else {
                    i += 1
                }
            }
            return found
        }
    }

    public func tensor(_ name: String) -> Tensor? { index[name].map { tensors[$0] } }

    func require(_ name: String, dtype: String, shape: [Int]? = nil) throws -> Tensor {
        guard let t = tensor(name) else { throw EngineError.format("'\(path)' has no tensor '\(name)'") }
        guard t.dtype == dtype else { throw EngineError.format("tensor '\(name)' in '\(path)' is \(t.dtype), expected \(dtype)") }
        if let shape, t.shape != shape {
            throw EngineError.format("tensor '\(name)' in '\(path)' has shape \(t.shape), expected \(shape)")
        }
        return t
    }

    /// Copies an F32 tensor into `destination` (which must hold `count` floats).
    public func copyFloats(_ name: String, shape: [Int]? = nil, into destination: UnsafeMutablePointer<Float>) throws {
        let t = try require(name, dtype: "F32", shape: shape)
        data.withUnsafeBytes { raw in
            let src = raw.baseAddress! + t.bytes.lowerBound
            memcpy(destination, src, t.bytes.count)
        }
    }

    public func floats(_ name: String) throws -> [Float] {
        let t = try require(name, dtype: "F32")
        var out = [Float](repeating: 0, count: t.count)
        try out.withUnsafeMutableBufferPointer { try copyFloats(name, into: $0.baseAddress!) }
        return out
    }

    public func int32s(_ name: String) throws -> [Int32] {
        let t = try require(name, dtype: "I32")
        var out = [Int32](repeating: 0, count: t.count)
        data.withUnsafeBytes { raw in
            _ = out.withUnsafeMutableBytes { memcpy($0.baseAddress!, raw.baseAddress! + t.bytes.lowerBound, t.bytes.count) }
        }
        return out
    }
}
