import GPTKernels

/// Single-sequence inference with a key/value cache: each new token costs one position's pass
/// over the cached keys and values instead of a pass over the whole window.
///
/// The cache is a set of forward activations of its own (one sequence of up to `blockSize`
/// positions, no gradient scratch): the keys and values of earlier positions are the `qkv`
/// rows the model's one forward pass already wrote, so generation runs the training code.
///
/// GPT-2's learned absolute positions are baked into every cached key and value, so a window
/// cannot slide by one without recomputing it all. `ContextWindow` says what the model sees;
/// when the window is full the cache is rebuilt for the shorter one in one batched pass.
final class KVCache {
    let model: GPT
    let acts: Activations
    private(set) var tokens: [Int32] = []

    /// One cache per model at a time: caches of the same model share its generation activations.
    init(model: GPT) {
        self.model = model
        acts = model.generationActivations
    }

    /// Fills the cache with `context` as `ContextWindow.start` trims it, in one batched forward
    /// pass, and returns the logits for the next token.
    func prefill(_ context: [Int32]) -> UnsafePointer<Float> {
        tokens = ContextWindow.start(context, blockSize: model.config.blockSize)
        return tokens.withUnsafeBufferPointer { model.forward(cache: self, tokens: $0.baseAddress!, count: $0.count, past: 0) }
    }

    /// Appends one token and returns the logits for the one after it.
    func append(_ token: Int32) -> UnsafePointer<Float> {
        if tokens.count == model.config.blockSize {
            var held = tokens
            ContextWindow.advance(&held, with: token, blockSize: model.config.blockSize)
            return prefill(held)
        }
        let past = tokens.count
        tokens.append(token)
        return withUnsafePointer(to: token) { model.forward(cache: self, tokens: $0, count: 1, past: past) }
    }
}
