import Foundation
import Testing
@testable import GPTEngine

/// Tensors a file can hold but a trained session could not: each is refused, naming the
/// tensor, and the session stays as it was.
extension CheckpointTests {
    /// `good` with the first float of tensor `name` replaced by `value`.
    func withFirstFloat(_ good: [UInt8], of name: String, _ value: Float) throws -> [UInt8] {
        let file = try SafeTensorsFile(path: "good", data: Data(good))
        let start = try #require(file.tensor(name)).bytes.lowerBound
        var b = good
        withUnsafeBytes(of: value.bitPattern.littleEndian) { for (i, byte) in $0.enumerated() { b[start + i] = byte } }
        return b
    }

    @Test func aNegativeSecondMomentIsRefused() throws {
        let b = try goodFile()
        try expectRejected(try withFirstFloat(b, of: "optimizer.v.wte.weight", -0.5),
                           containing: "tensor 'optimizer.v.wte.weight' holds a negative second moment (-0.5) at index 0")
    }

    @Test func aNonFiniteMomentIsRefused() throws {
        let b = try goodFile()
        try expectRejected(try withFirstFloat(b, of: "optimizer.m.h.0.ln_1.weight", .nan),
                           containing: "tensor 'optimizer.m.h.0.ln_1.weight' holds a non-finite value (nan) at index 0")
        try expectRejected(try withFirstFloat(b, of: "optimizer.v.wpe.weight", .infinity),
                           containing: "tensor 'optimizer.v.wpe.weight' holds a non-finite value (inf) at index 0")
    }

    /// JSONSerialization reads 62.5 as an NSNumber whose intValue is 62, and true as 1.
    @Test func aFractionalOrBooleanDimensionIsRefused() throws {
        let b = try goodFile()
        func withShape(_ shape: [Any]) throws -> [UInt8] {
            try withHeader(b) { h in
                var t = h["wpe.weight"] as! [String: Any]
                t["shape"] = shape
                h["wpe.weight"] = t
            }
        }
        try expectRejected(try withShape([62.5, 32]), containing: "tensor 'wpe.weight' has an invalid shape: 62.5 is not a dimension")
        try expectRejected(try withShape([true, 16]), containing: "tensor 'wpe.weight' has an invalid shape: true is not a dimension")
        try expectRejected(try withShape(["8", 16]), containing: "tensor 'wpe.weight' has an invalid shape: the string \"8\" is not a dimension")
    }

    /// Refused from the header, before a model of the config's size is allocated.
    @Test func aLayerCountThatDisagreesWithTheTensorsIsRefused() throws {
        let b = try goodFile()
        try expectRejected(try withMetadata(b, "config", "nLayer", 3),
                           containing: "the config says n_layer = 3 but the file holds the tensors of 2 layers (h.0 to h.1)")
        try expectRejected(try withMetadata(b, "config", "nLayer", 1),
                           containing: "the config says n_layer = 1 but the file holds the tensors of 2 layers (h.0 to h.1)")
    }

    @Test func aTensorTheModelDoesNotHaveIsRefused() throws {
        let b = try goodFile()
        let renamed = try withHeader(b) { h in
            h["h.0.attn.bias"] = h.removeValue(forKey: "h.0.attn.c_proj.bias")
        }
        try expectRejected(renamed, containing: "has no tensor 'h.0.attn.c_proj.bias'")
        let extra = try withHeader(b) { h in
            h["lm_head.weight"] = ["dtype": "F32", "shape": [0], "data_offsets": [0, 0]]
        }
        try expectRejected(extra, containing: "tensor 'lm_head.weight' is not part of the model its config describes")
    }
}
