extension GPT {
    /// Draws every mask of one forward pass in a fixed order (embeddings, then per block the
    /// attention probabilities, the attention projection and the MLP output), serially, so the
    /// masks depend on the seed alone and not on the number of threads.
    func drawDropoutMasks(_ a: Activations, rate: Float, seed: UInt64, B: Int, T: Int) {
        precondition(a.dropout && rate > 0 && rate < 1)
        var rng = RandomGenerator(seed: seed)
        let C = config.nEmbd, NH = config.nHead, N = B * T * C
        fillDropoutMask(a.encodedMask, count: N, rate: rate, rng: &rng)
        for x in a.layers {
            // Only the causal part of each row is used; the attention fills the rest with zeros.
            for row in 0..<(B * NH * T) {
                fillDropoutMask(x.attDropped + row * T, count: row % T + 1, rate: rate, rng: &rng)
            }
            fillDropoutMask(x.attProjMask, count: N, rate: rate, rng: &rng)
            fillDropoutMask(x.mlpMask, count: N, rate: rate, rng: &rng)
        }
    }
}

/// `count` mask entries: 0 with probability `rate` (to 2⁻³² exactly), else 1/(1−rate).
/// Each 64-bit draw decides two entries.
func fillDropoutMask(_ mask: UnsafeMutablePointer<Float>, count: Int, rate: Float, rng: inout RandomGenerator) {
    let threshold = UInt32(min(Double(rate) * 4_294_967_296, Double(UInt32.max)))
    let keep = 1 / (1 - rate)
    var i = 0
    while i < count {
        let bits = rng.next()
        mask[i] = UInt32(truncatingIfNeeded: bits) >= threshold ? keep : 0
        if i + 1 < count { mask[i + 1] = UInt32(truncatingIfNeeded: bits >> 32) >= threshold ? keep : 0 }
        i += 2
    }
}
