import GPTKernels

extension GPT {
    /// Draws every mask of one forward pass. The masks are cut into fixed pieces, each from its
    /// own generator seeded by `seed` and the piece's number, so the pieces are drawn in parallel
    /// and the masks still depend on the seed alone, not on the number of threads.
    func drawDropoutMasks(_ a: Activations, rate: Float, seed: UInt64, B: Int, T: Int) {
        precondition(a.dropout && rate > 0 && rate < 1)
        let C = config.nEmbd, NH = config.nHead, N = B * T * C
        // (start, count, causal): a causal piece is one (sequence, head) pair's T rows, of which
        // only the part at or below the diagonal is drawn; the attention zeroes the rest.
        var pieces: [(UnsafeMutablePointer<Float>, Int, Bool)] = []
        func flat(_ mask: UnsafeMutablePointer<Float>) {
            for start in stride(from: 0, to: N, by: maskPiece) { pieces.append((mask + start, min(maskPiece, N - start), false)) }
        }
        flat(a.encodedMask)
        for x in a.layers {
            for pair in 0..<(B * NH) { pieces.append((x.attMask + pair * T * T, T, true)) }
            flat(x.attProjMask)
            flat(x.mlpMask)
        }
        let all = pieces
        compute.split(all.count, into: compute.parts(forWork: N * (1 + 3 * config.nLayer))) { _, range in
            for j in range {
                var rng = RandomGenerator(seed: seed &+ UInt64(j))
                let (mask, count, causal) = all[j]
                if causal {
                    for i in 0..<count { fillDropoutMask(mask + i * count, count: i + 1, rate: rate, rng: &rng) }
                } else {
                    fillDropoutMask(mask, count: count, rate: rate, rng: &rng)
                }
            }
        }
    }
}

/// Floats of a flat mask drawn from one generator.
private let maskPiece = 1 << 15

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
