import Foundation
import Testing
@testable import GPTEngine

/// Metadata a file can hold but typed input could not: each is refused, naming the key,
/// before anything is sized by it.
extension CheckpointTests {
    /// `good` with the JSON object in metadata `section` given `key` = `value`.
    func withMetadata(_ good: [UInt8], _ section: String, _ key: String, _ value: Any) throws -> [UInt8] {
        try withHeader(good) { h in
            var m = h["__metadata__"] as! [String: String]
            var inner = try! JSONSerialization.jsonObject(with: Data(m[section]!.utf8)) as! [String: Any]
            inner[key] = value
            m[section] = String(decoding: try! JSONSerialization.data(withJSONObject: inner), as: UTF8.self)
            h["__metadata__"] = m
        }
    }

    @Test func configOutsideSetsRangesIsRefused() throws {
        let b = try goodFile()
        try expectRejected(try withMetadata(b, "config", "blockSize", 1_000_000_000), containing: "block_size must be between 1 and 8192")
        try expectRejected(try withMetadata(b, "config", "nLayer", 100_000_000), containing: "n_layer must be between 1 and 128")
    }

    @Test func hyperparametersOutsideSetsRangesAreRefused() throws {
        let b = try goodFile()
        for (key, value, phrase) in [("learningRate", -1.0, "learning_rate must be"), ("warmupIters", -5, "warmup_iters must be"), ("beta1", 1.5, "beta1 must be"),
                                     ("threads", 0, "threads must be"), ("batchSize", -1, "batch_size must be")] as [(String, Double, String)] {
            try expectRejected(try withMetadata(b, "hyperparameters", key, value), containing: phrase)
        }
    }

    /// Within set's limits but far beyond any test machine: refused with the figure before
    /// the weights are allocated or the tensors (which do not match) are read.
    @Test func aModelTooBigForMemoryIsRefusedWithTheFigure() throws {
        var b = try goodFile()
        for (key, value) in [("nEmbd", 8192), ("nLayer", 128)] { b = try withMetadata(b, "config", key, value) }
        try expectRejected(b, containing: "needs ")
        try expectRejected(b, containing: " available")
    }

    @Test func anAllZeroGeneratorStateIsRefused() throws {
        let b = try goodFile()
        try expectRejected(try withMetadata(b, "run", "trainBatches", [0, 0, 0, 0]), containing: "'run.trainBatches' is an all-zero generator state")
    }
}

/// A foreign file with a huge count of tiny tensors is refused before its header is parsed.
@Suite struct SafeTensorsBoundsTests {
    @Test func tooManyTensorsAreRefusedBeforeParsing() throws {
        let count = SafeTensorsFile.maxTensors + 1
        let entries = (0..<count).map { "\"t\($0)\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}" }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        let length = (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) }
        #expect(throws: EngineError.format("'many.safetensors' is not a valid safetensors file: the header declares \(count) tensors, more than the 65536 gptsh reads")) {
            try SafeTensorsFile(path: "many.safetensors", data: Data(length + header))
        }
    }

    @Test func theCountIgnoresTheKeyInsideAString() {
        let header = Data(#"{"__metadata__":{"note":"\"data_offsets\" x"},"a":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}"#.utf8)
        #expect(SafeTensorsFile.countTensorEntries(header) == 1)
    }
}
