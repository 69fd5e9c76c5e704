import Foundation
@testable import GPTEngine

/// The transformers-made folder and what transformers computed on it (scripts/make_hf_fixture.py).
let hfFixtureFolder = fixtureURL("hf/gpt2-tiny")
let hfFixtureExpected = fixtureURL("hf/expected.safetensors")

/// A folder's model without its tokenizer.
func importHFWeights(_ folder: URL) throws -> HuggingFaceModel {
    try HuggingFaceImport.readWeights(directory: folder, config: HuggingFaceImport.readConfig(directory: folder))
}

/// A fresh temporary folder.
func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("gptsh-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Copies the fixture folder so a test can damage its copy.
func copyOfHFFixture() throws -> URL {
    let url = try temporaryFolder("hf-copy")
    for name in try FileManager.default.contentsOfDirectory(atPath: hfFixtureFolder.path) {
        try FileManager.default.copyItem(at: hfFixtureFolder.appendingPathComponent(name), to: url.appendingPathComponent(name))
    }
    return url
}

/// One tensor as raw little-endian bytes, of any dtype.
struct RawTensor {
    var name: String
    var dtype: String
    var shape: [Int]
    var bytes: [UInt8]

    var floats: [Float] {
        precondition(dtype == "F32")
        return bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    init(name: String, dtype: String, shape: [Int], bytes: [UInt8]) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    init(name: String, shape: [Int], floats: [Float]) {
        self.init(name: name, dtype: "F32", shape: shape, bytes: floats.withUnsafeBytes { Array($0) })
    }

    /// Rounded to F16 or BF16 (by truncation, which is exact to widen back).
    func narrowed(to dtype: String) -> RawTensor {
        let halves: [UInt16] = floats.map {
            dtype == "F16" ? Float16($0).bitPattern : UInt16($0.bitPattern >> 16)
        }
        return RawTensor(name: name, dtype: dtype, shape: shape, bytes: halves.withUnsafeBytes { Array($0) })
    }

    /// The values a narrowed tensor widens back to.
    func widened() -> [Float] {
        let halves = bytes.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }
        return halves.map { dtype == "F16" ? Float(Float16(bitPattern: $0)) : Float(bitPattern: UInt32($0) << 16) }
    }
}

func readRawTensors(_ url: URL) throws -> (tensors: [RawTensor], metadata: [String: String]) {
    let file = try SafeTensorsFile(path: url.path)
    let tensors = file.tensors.map { t in
        RawTensor(name: t.name, dtype: t.dtype, shape: t.shape,
                  bytes: Array(file.data[file.data.startIndex + t.bytes.lowerBound ..< file.data.startIndex + t.bytes.upperBound]))
    }
    return (tensors, file.metadata)
}

/// A plain safetensors writer, independent of the engine's, for files the engine never writes.
func writeRawTensors(_ tensors: [RawTensor], metadata: [String: String] = ["format": "pt"], to url: URL) throws {
    var header: [String: Any] = ["__metadata__": metadata]
    var offset = 0
    for t in tensors {
        header[t.name] = ["dtype": t.dtype, "shape": t.shape, "data_offsets": [offset, offset + t.bytes.count]] as [String: Any]
        offset += t.bytes.count
    }
    var json = Array(try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
    while json.count % 8 != 0 { json.append(0x20) }
    let length = (0..<8).map { UInt8(truncatingIfNeeded: json.count >> (8 * $0)) }
    try Data(length + json + tensors.flatMap(\.bytes)).write(to: url)
}

/// Edits a folder's config.json in place.
func editConfig(in folder: URL, _ edit: (inout [String: Any]) -> Void) throws {
    let url = folder.appendingPathComponent("config.json")
    var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    edit(&object)
    try JSONSerialization.data(withJSONObject: object).write(to: url)
}

/// Logits (B·T·V) of `model` for `ids`.
func logits(of model: GPT, ids: [Int32], B: Int, T: Int) -> [Float] {
    ids.withUnsafeBufferPointer { _ = model.forward(idx: $0.baseAddress!, targets: nil, B: B, T: T) }
    return Array(UnsafeBufferPointer(start: model.logits, count: B * T * model.config.vocabSize))
}
