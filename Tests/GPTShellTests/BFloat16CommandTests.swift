import Foundation
import GPTEngine
import Testing
@testable import GPTShell

/// `set dtype=`, `save … dtype=bfloat16` and `export hf … dtype=bfloat16` as a user types them.
@Suite(.enabled(if: Hyperparameters.bfloat16Supported)) struct BFloat16CommandTests {
    /// What a bfloat16 file holds for a float32 weight: its top half, rounded to nearest even.
    static func rounded(_ x: Float) -> Float {
        let b = x.bitPattern
        let lower = b & 0xFFFF, upper = b >> 16
        let up = lower > 0x8000 || (lower == 0x8000 && upper & 1 == 1)
        return Float(bitPattern: (up ? upper + 1 : upper) << 16)
    }

    @Test func trainingInBFloat16ShowsInTheConfigAndTheCheckpoint() {
        let (h, dir) = readyHarness()
        #expect(h.run("set dtype=bfloat16; train 3; show config; save \(dir.path)/b.ckpt") == .finished, "\(h.err)")
        #expect(h.out.contains("dtype") && h.out.contains("bfloat16"))
        let other = Harness()
        #expect(other.run("load \(dir.path)/b.ckpt; set dtype=float32; train 2") == .finished, "\(other.err)")
        #expect(other.session.iteration == 5)
    }

    @Test func aBFloat16WeightsFileIsHalfTheSizeAndLoadsTheRoundedWeights() throws {
        let (h, dir) = readyHarness()
        #expect(h.run("train 2; save \(dir.path)/w32.ckpt weights-only; save \(dir.path)/w16.ckpt weights-only dtype=bfloat16") == .finished,
                "\(h.err)")
        #expect(h.out.contains("saved the bfloat16 weights at step 2 to \(dir.path)/w16.ckpt"))
        let tensorBytes = { (name: String) in try SafeTensorsFile(path: "\(dir.path)/\(name)").tensors.map(\.bytes.count).reduce(0, +) }
        let params = h.session.model!.params.array
        #expect(try tensorBytes("w32.ckpt") == params.count * 4)
        #expect(try tensorBytes("w16.ckpt") == params.count * 2)
        let other = Harness()
        #expect(other.run("load \(dir.path)/w16.ckpt; sample 5 seed=1") == .finished, "\(other.err)")
        #expect(other.session.model!.params.array == params.map(Self.rounded))
    }

    @Test func aFullCheckpointInBFloat16IsRefusedAndWritesNothing() {
        let (h, dir) = readyHarness()
        #expect(h.run("save \(dir.path)/full.ckpt dtype=bfloat16") == .failed)
        #expect(h.err.contains("weights-only"))
        #expect(h.err.contains(":1:"))
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/full.ckpt"))
    }

    @Test func exportHFInBFloat16WritesBF16TensorsAndSaysSoInConfigJSON() throws {
        let (h, dir) = readyHarness()
        #expect(h.run("train 2; export hf \(dir.path)/hf dtype=bfloat16") == .finished, "\(h.err)")
        let config = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("hf/config.json"))) as! [String: Any]
        #expect(config["torch_dtype"] as? String == "bfloat16")
        let file = try SafeTensorsFile(path: dir.appendingPathComponent("hf/model.safetensors").path)
        #expect(file.tensors.allSatisfy { $0.dtype == "BF16" })
        let params = h.session.model!.params.array
        let other = Harness()
        #expect(other.run("load hf \(dir.path)/hf") == .finished, "\(other.err)")
        #expect(other.session.model!.params.array == params.map(Self.rounded))
    }

    @Test func anUnknownDtypeIsAnErrorAtItsColumn() {
        let h = Harness()
        #expect(h.run("set dtype=float16") == .failed)
        #expect(h.err.contains(":1:11:"))
        #expect(h.err.contains("float32, bfloat16"))
        #expect(h.session.hyper.precision == .float32)
    }
}
