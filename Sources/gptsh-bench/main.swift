import ArgumentParser
import Foundation
import GPTEngine

/// Times whole training steps (forward, backward, clip, AdamW) on random tokens and prints one
/// JSON line, the same contract as scripts/bench_torch.py, so scripts/bench can compare them.
@main
struct GPTSHBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gptsh-bench", abstract: "Time gptsh training steps on random tokens.")

    @Option(help: "S (nanoGPT CPU shape) or M (nanoGPT baby GPT shape).") var config: String = "S"
    @Option(help: "Sequences per step.") var batch: Int = 12
    @Option(help: "Timed steps.") var steps: Int = 30
    @Option(help: "Untimed steps first.") var warmup: Int = 5
    @Option(help: "Worker threads.") var threads: Int = 2
    @Option(help: "train mode: dropout rate.") var dropout: Double = 0
    @Option(help: "float32 or bfloat16: the precision of the matrix products.") var dtype: String = "float32"
    @Flag(help: "train mode: recompute each block's activations in backward (less memory, more time).")
    var recompute = false
    @Option(help: "train: time training steps; sample: time generation with and without the cache.")
    var mode: String = "train"
    @Option(help: "sample mode: prompt length in tokens.") var promptTokens: Int = 16
    @Option(help: "sample mode: tokens to generate.") var newTokens: Int = 500

    func run() throws {
        let shapes: [String: GPTConfig] = [
            "S": GPTConfig(vocabSize: 65, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128),
            "M": GPTConfig(vocabSize: 65, blockSize: 256, nLayer: 6, nHead: 6, nEmbd: 384),
        ]
        guard let shape = shapes[config] else { throw ValidationError("--config must be S or M") }
        guard let precision = Hyperparameters.spec(named: "dtype")!.words!.firstIndex(of: dtype) else {
            throw ValidationError("--dtype must be float32 or bfloat16")
        }
        if mode == "sample" { return try runSampling(shape, precision: Double(precision)) }
        guard mode == "train" else { throw ValidationError("--mode must be train or sample") }
        // Through Session.train, exactly what the `train` command runs (batch sampling, clipping,
        // the divergence guard's copy), on random text of the shape's vocabulary.
        let alphabet = (0..<shape.vocabSize).map { Character(Unicode.Scalar(UInt8(33 + $0))) }
        var rng = RandomGenerator(seed: 1337)
        let text = String((0..<200_000).map { _ in alphabet[rng.next(below: alphabet.count)] })
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-bench-\(getpid()).txt").path
        try text.write(toFile: corpus, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: corpus) }
        let session = Session()
        try session.loadCorpus(path: corpus, valFraction: 0.1)
        try session.useTokenizer(try session.buildCharTokenizer())
        try session.set([("n_layer", Double(shape.nLayer)), ("n_head", Double(shape.nHead)), ("n_embd", Double(shape.nEmbd)),
                         ("block_size", Double(shape.blockSize)), ("batch_size", Double(batch)), ("threads", Double(threads)),
                         ("learning_rate", 1e-3), ("warmup_iters", 0), ("lr_decay_iters", 0), ("min_lr", 1e-3),
                         ("log_interval", 1), ("eval_interval", 0), ("eval_iters", 1), ("grad_clip", 1), ("dropout", dropout),
                         ("dtype", Double(precision)), ("recompute", recompute ? 1 : 0)])
        let model = try session.initModel(seed: 1337)
        var times: [Double] = []
        var lastLoss: Float = 0
        try session.train(steps: warmup + steps, observer: { event in
            if case .step(let record, _, _) = event {
                if record.step > warmup { times.append(record.ms) }
                lastLoss = record.loss
            }
        })
        _ = try session.evaluate(iters: 1)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let result: [String: Any] = [
            "impl": "gptsh", "config": config, "batch": batch, "threads": threads,
            "params": model.parameterCount, "dropout": dropout, "dtype": dtype, "recompute": recompute, "ms_per_step": times, "final_loss": Double(lastLoss),
            "peak_rss_mb": Double(usage.ru_maxrss) / 1024,
        ]
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }
}

extension GPTSHBench {
    /// Generation on a freshly initialised model of the same shape, through the session as a
    /// user's `sample` runs it, with and without the key/value cache.
    func runSampling(_ shape: GPTConfig, precision: Double) throws {
        let alphabet = (0..<shape.vocabSize).map { Character(Unicode.Scalar(UInt8(33 + $0))) }
        let corpus = FileManager.default.temporaryDirectory.appendingPathComponent("gptsh-bench-\(getpid()).txt").path
        try String(alphabet).write(toFile: corpus, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: corpus) }
        let session = Session()
        try session.loadCorpus(path: corpus, valFraction: 0)
        try session.useTokenizer(try session.buildCharTokenizer())
        try session.set([("n_layer", Double(shape.nLayer)), ("n_head", Double(shape.nHead)), ("n_embd", Double(shape.nEmbd)),
                         ("block_size", Double(shape.blockSize)), ("threads", Double(threads)), ("dtype", precision)])
        try session.initModel(seed: 1337)
        let prompt = String(alphabet.prefix(promptTokens))
        var result: [String: Any] = ["impl": "gptsh", "config": config, "threads": threads, "dtype": dtype,
                                     "prompt_tokens": promptTokens, "new_tokens": newTokens]
        for (name, cache) in [("cache", true), ("nocache", false)] {
            var rates: [Double] = [], firsts: [Double] = []
            for round in 0..<(warmup + steps) {
                let r = try session.sample(SampleOptions(tokens: newTokens, prompt: prompt, temperature: 1,
                                                         seed: round, useCache: cache), emit: { _ in })
                if round >= warmup {
                    rates.append(Double(r.tokens.count) / r.seconds)
                    firsts.append(r.firstTokenSeconds * 1000)
                }
            }
            result[name + "_tokens_per_s"] = rates
            result[name + "_first_token_ms"] = firsts
        }
        let json = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
    }
}
