import Foundation
import GPTEngine
import Testing
@testable import GPTShell

/// Models and runs too big for any test machine are refused with the figure before anything
/// is allocated, and the session keeps its model.
@Suite struct MemoryEstimateTests {
    @Test(arguments: ["set n_embd=8192 n_layer=128 n_head=2; init", "set batch_size=4096 block_size=8192 n_layer=1 n_embd=64; init"])
    func initRefusesAModelThatCannotFit(_ line: String) {
        let (h, _) = readyHarness()
        let model = h.session.model
        #expect(h.run(line) == .failed)
        #expect(h.err.contains("error: the model needs "), "\(h.err)")
        #expect(h.err.contains(" available (lower n_layer, n_embd, block_size or batch_size)"), "\(h.err)")
        #expect(h.session.model === model)
    }

    @Test func trainRefusesABatchWhoseActivationsCannotFit() {
        let (h, _) = readyHarness()
        #expect(h.run("set block_size=8192 batch_size=1; init") == .finished, "\(h.err)")
        let model = h.session.model!
        #expect(h.run("train 1 batch_size=4096") == .failed)
        #expect(h.err.contains("error: the model needs "), "\(h.err)")
        #expect(h.session.model === model && h.session.iteration == 0 && model.activationBytes == 0)
        #expect(h.session.hyper.batchSize == 1)
    }

    /// The folder's weights fit (the file holds them), but training them at batch_size 4096
    /// would not: refused before the model is allocated.
    @Test func loadHFRefusesAModelThatCannotTrainAtTheBatchSize() {
        let (h, dir) = readyHarness()
        #expect(h.run("set block_size=8192 batch_size=1; init; export hf \(dir.path)/hf") == .finished, "\(h.err)")
        let model = h.session.model
        #expect(h.run("set batch_size=4096; load hf \(dir.path)/hf") == .failed)
        #expect(h.err.contains("error: the model needs "), "\(h.err)")
        #expect(h.session.model === model)
    }

    @Test func showModelPrintsTheEstimate() {
        let (h, _) = readyHarness()
        h.run("show model")
        let e = MemoryEstimate(config: h.session.model!.config, batchSize: 2, threads: h.session.hyper.threads)
        let params = h.session.model!.parameterCount
        #expect(e.weightsAndGradients == 8 * params && e.optimizer == 8 * params && e.divergenceGuard == 12 * params)
        #expect(e.activations > 0)
        #expect(h.out.contains("\(ByteCount.text(e.total)) to train at batch_size 2: \(ByteCount.text(e.weightsAndGradients)) weights and gradients"), "\(h.out)")
    }
}
