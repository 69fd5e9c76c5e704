import Foundation
import Testing
@testable import GPTEngine

/// The single-process side of data-parallel training; the MPI runs themselves are in
/// GPTShellTests/MPITests.swift.
struct DistributedTests {
    @Test func skippingABatchMovesTheGeneratorAsFillingItDoes() {
        let data = TokenStream((0..<500).map { Int32($0 % 37) })
        let B = 5, T = 8
        var filled = BatchSampler(seed: 9), skipped = BatchSampler(seed: 9)
        let inputs = UnsafeMutablePointer<Int32>.allocate(capacity: B * T)
        let targets = UnsafeMutablePointer<Int32>.allocate(capacity: B * T)
        defer { inputs.deallocate(); targets.deallocate() }
        for _ in 0..<3 {
            filled.fill(inputs: inputs, targets: targets, from: data, B: B, T: T)
            skipped.skip(from: data, B: B, T: T)
            #expect(filled.rng == skipped.rng)
        }
        // After a skip the next batch is the one a process that filled would draw next.
        let next = UnsafeMutablePointer<Int32>.allocate(capacity: B * T)
        defer { next.deallocate() }
        filled.fill(inputs: inputs, targets: targets, from: data, B: B, T: T)
        skipped.fill(inputs: next, targets: targets, from: data, B: B, T: T)
        #expect(Array(UnsafeBufferPointer(start: inputs, count: B * T)) == Array(UnsafeBufferPointer(start: next, count: B * T)))
    }

    @Test func theParameterHashSeesOneFlippedBit() {
        let buffer = FloatBuffer(count: 1000)
        for i in 0..<buffer.count { buffer.pointer[i] = Float(i) * 0.001 }
        let before = ParameterHash.of(buffer)
        #expect(ParameterHash.of(buffer) == before)
        for index in [0, 517, 999] {
            let saved = buffer.pointer[index]
            buffer.pointer[index] = Float(bitPattern: saved.bitPattern ^ 1)
            #expect(ParameterHash.of(buffer) != before, "bit 0 of element \(index)")
            buffer.pointer[index] = saved
        }
        #expect(ParameterHash.of(buffer) == before)
    }

    @Test func aSingleProcessIsAGroupOfOneThatComputesEveryMicroBatch() throws {
        let session = Session()
        #expect(!session.group.isDistributed && session.group.size == 1 && session.group.isPrimary)
        #expect((0..<7).allSatisfy(session.computes))
        try session.checkShare(accumulation: 7)
        try session.set([("batch_size", 3), ("block_size", 16), ("gradient_accumulation_steps", 4)])
        #expect(session.tokensPerStep == 3 * 16 * 4)
    }

    @Test func withoutMPIInTheEnvironmentNoLibraryIsLoaded() throws {
        let group = try ProcessGroup.fromEnvironment([:])
        #expect(!group.isDistributed && group.size == 1 && group.localSize == 1)
    }
}
