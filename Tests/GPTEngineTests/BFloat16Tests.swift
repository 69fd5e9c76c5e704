import CKernels
import Foundation
import Testing
@testable import GPTEngine
@testable import GPTKernels

/// Mixed precision: bfloat16 products with float32 master weights, against the float32 engine
/// and the PyTorch fixture. Skipped on a CPU without AVX512_BF16, where the setting is refused.
@Suite(.serialized, .enabled(if: cpuHasBFloat16)) struct BFloat16Tests {
    /// Round to nearest even by hand, on the bits, as the reference for the kernel.
    static func reference(_ x: Float) -> UInt16 {
        if x.isNaN { return 0x7FC0 }
        let b = x.bitPattern
        let lower = b & 0xFFFF, upper = UInt16(b >> 16)
        if lower > 0x8000 || (lower == 0x8000 && upper & 1 == 1) { return upper &+ 1 }
        return upper
    }

    static func folder(_ name: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func roundingIsToNearestEvenAndKeepsNaN() {
        var values: [Float] = [0, -0, 1, -1, .infinity, -.infinity, .nan, .greatestFiniteMagnitude, .leastNonzeroMagnitude,
                               Float(bitPattern: 0x3F80_8000), Float(bitPattern: 0x3F81_8000), Float(bitPattern: 0x3F80_8001),
                               Float(bitPattern: 0x3F80_7FFF)]
        var rng = RandomGenerator(seed: 4)
        for _ in 0..<1000 { values.append(Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))) }
        // An odd count exercises the kernel's tail.
        values.append(3.14159)
        var out = [UInt16](repeating: 0, count: values.count)
        gptsh_to_bf16(&out, values, values.count)
        for (x, h) in zip(values, out) {
            if x.isNaN {
                #expect(Float(bitPattern: UInt32(h) << 16).isNaN)
            } else {
                #expect(h == Self.reference(x), "\(x) (0x\(String(x.bitPattern, radix: 16)))")
            }
        }
        // Ties: 1 + 2⁻⁸ lies halfway between 1 and the next bfloat16 and goes to the even one, 1.
        #expect(out[9] == 0x3F80 && out[10] == 0x3F82 && out[11] == 0x3F81 && out[12] == 0x3F80)
    }

    func fixtureModel(_ precision: Precision) throws -> (GPT, SafeTensorsFile, [Int32], [Int32], Int, Int) {
        let file = try SafeTensorsFile(path: fixtureURL("gpt2_tiny.safetensors").path)
        let m = file.metadata
        func int(_ k: String) -> Int { Int(m[k]!)! }
        let config = GPTConfig(vocabSize: int("V"), blockSize: int("T"), nLayer: int("L"), nHead: int("H"), nEmbd: int("C"))
        let model = try GPT(config: config)
        for e in model.layout.entries {
            try file.copyFloats("param." + e.name, shape: e.shape, into: model.params.pointer + e.offset)
        }
        model.parametersChanged()
        model.precision = precision
        return (model, file, try file.int32s("idx"), try file.int32s("targets"), int("B"), int("T"))
    }

    @Test func forwardAndBackwardAgreeWithPyTorchWithinBFloat16sTolerance() throws {
        let (model, file, idx, targets, B, T) = try fixtureModel(.bfloat16)
        _ = idx.withUnsafeBufferPointer { model.forward(idx: $0.baseAddress!, targets: nil, B: B, T: T) }
        let logits = UnsafeBufferPointer(start: model.logits, count: B * T * model.config.vocabSize)
        let logitsError = relativeError(logits, try file.floats("logits"))
        #expect(logitsError <= 1e-2, "logits relative error \(logitsError)")
        // bfloat16 keeps 8 bits of mantissa: an error far below 2⁻⁹ would mean it did not run.
        #expect(logitsError > 1e-4, "logits agree to \(logitsError): the products did not run in bfloat16")
        model.zeroGrad()
        let loss = idx.withUnsafeBufferPointer { i in
            targets.withUnsafeBufferPointer { model.forward(idx: i.baseAddress!, targets: $0.baseAddress!, B: B, T: T) }
        }
        let ref = try file.floats("loss")[0]
        #expect(abs(loss - ref) / ref <= 1e-2, "loss \(loss) vs PyTorch \(ref)")
        model.backward()
        var all: [Float] = [], refs: [Float] = []
        for e in model.layout.entries {
            all += UnsafeBufferPointer(start: model.grads.pointer + e.offset, count: e.count)
            refs += try file.floats("grad." + e.name)
        }
        let gradError = relativeError(all, refs)
        #expect(gradError <= 2e-2, "gradients relative error \(gradError)")
    }

    @Test func float32StillAgreesToOnePartInAHundredThousand() throws {
        let (model, file, idx, _, B, T) = try fixtureModel(.float32)
        _ = idx.withUnsafeBufferPointer { model.forward(idx: $0.baseAddress!, targets: nil, B: B, T: T) }
        let logits = UnsafeBufferPointer(start: model.logits, count: B * T * model.config.vocabSize)
        #expect(relativeError(logits, try file.floats("logits")) <= 1e-5)
    }

    /// The bfloat16 weights the products read must be today's weights after every way the
    /// float32 ones change: a step, a snapshot restore, a precision switch.
    @Test func roundedWeightsFollowEveryChangeOfTheMasterWeights() throws {
        let dir = try Self.folder("gptsh-bf16")
        let s = try smallTrainingSession(in: dir, extra: [("dtype", 1)])
        let model = s.model!
        #expect(model.precision == .bfloat16)
        func logits(_ m: GPT) -> [Float] {
            let idx: [Int32] = [1, 2, 3, 4, 5, 6, 7, 8]
            _ = idx.withUnsafeBufferPointer { m.forward(idx: $0.baseAddress!, targets: nil, B: 1, T: 8) }
            return Array(UnsafeBufferPointer(start: m.logits, count: 8 * m.config.vocabSize))
        }
        func fresh() throws -> GPT {
            let m = try GPT(config: model.config)
            m.params.copy(from: model.params)
            m.precision = .bfloat16
            return m
        }
        let snapshot = try s.snapshot()
        try s.train(steps: 3)
        #expect(logits(model) == logits(try fresh()), "after optimizer steps")
        try s.restore(snapshot)
        #expect(logits(model) == logits(try fresh()), "after a snapshot restore")
        try s.set([("dtype", 0)])
        let float32 = logits(model)
        try s.set([("dtype", 1)])
        #expect(logits(model) == logits(try fresh()))
        #expect(logits(model) != float32, "bfloat16 and float32 products gave identical logits")
    }

    @Test func resumeInBFloat16IsBitIdentical() throws {
        let dir = try Self.folder("gptsh-bf16-resume")
        let straight = try smallTrainingSession(in: dir, extra: [("dtype", 1)])
        try straight.train(steps: 16)
        let first = try smallTrainingSession(in: dir, extra: [("dtype", 1)])
        try first.train(steps: 8)
        let path = dir.appendingPathComponent("half.safetensors").path
        try first.save(path: path)
        let second = Session()
        try second.load(path: path)
        #expect(second.hyper.precision == .bfloat16)
        #expect(second.model!.precision == .bfloat16)
        try second.train(steps: 8)
        #expect(second.metrics.steps.map(\.loss.bitPattern) == straight.metrics.steps.map(\.loss.bitPattern))
        #expect(second.model!.params.array == straight.model!.params.array)
    }

    @Test func aCheckpointTrainsOnInTheOtherPrecision() throws {
        let dir = try Self.folder("gptsh-bf16-switch")
        let s = try smallTrainingSession(in: dir, extra: [("dtype", 1)])
        try s.train(steps: 4)
        let path = dir.appendingPathComponent("b.safetensors").path
        try s.save(path: path)
        let t = Session()
        try t.load(path: path)
        try t.set([("dtype", 0)])
        #expect(t.model!.precision == .float32)
        try t.train(steps: 4)
        #expect(t.metrics.steps.last!.loss.isFinite)
        try t.save(path: path)
        let u = Session()
        try u.load(path: path)
        #expect(u.hyper.precision == .float32)
    }

    @Test func cachedSamplingAgreesWithTheFullForwardInBFloat16() throws {
        let dir = try Self.folder("gptsh-bf16-sample")
        // Both round the same operands to bfloat16; only the order of the float sums differs.
        expectCachedLogitsMatchAFullForwardPass(try smallTrainingSession(in: dir, extra: [("dtype", 1)]).model!, steps: 5)
    }
}

@Suite struct BFloat16RefusalTests {
    @Test func aCPUWithoutBFloat16RefusesTheSettingAndSaysWhy() {
        #expect(throws: EngineError.self) {
            try Hyperparameters.requireSupported(.bfloat16, cpuHasBFloat16: false)
        }
        do {
            try Hyperparameters.requireSupported(.bfloat16, cpuHasBFloat16: false)
        } catch {
            #expect("\(error)".contains("AVX512_BF16"))
        }
        #expect(throws: Never.self) { try Hyperparameters.requireSupported(.float32, cpuHasBFloat16: false) }
    }

    @Test func dtypeIsAChoiceOfTwoWords() throws {
        var h = Hyperparameters()
        #expect(h.precision == .float32)
        let spec = Hyperparameters.spec(named: "dtype")!
        #expect(spec.words == ["float32", "bfloat16"])
        #expect(throws: EngineError.self) { try h.set("dtype", 2) }
        #expect(throws: EngineError.self) { try h.set("dtype", 0.5) }
        #expect(h.precision == .float32)
        #expect(spec.format(spec.value(in: h)) == "float32")
    }
}
