import Foundation

/// Turns one position's logits into a token: greedy at temperature 0, otherwise a draw from
/// softmax(logits / temperature), restricted to the top k and then to the smallest set whose
/// probability reaches top_p (nucleus), in the order Hugging Face applies them.
final class TokenSampler {
    private let probs: UnsafeMutablePointer<Double>
    private let order: UnsafeMutablePointer<Int>
    private let V: Int

    init(vocabSize: Int) {
        V = vocabSize
        probs = .allocate(capacity: vocabSize)
        order = .allocate(capacity: vocabSize)
    }

    deinit {
        probs.deallocate()
        order.deallocate()
    }

    func draw(logits: UnsafePointer<Float>, temperature: Double, topK: Int, topP: Double = 1,
              rng: inout RandomGenerator) -> Int32 {
        if temperature == 0 || topK == 1 {
            var best = 0
            for j in 1..<V where logits[j] > logits[best] { best = j }
            return Int32(best)
        }
        let sum = weigh(logits: logits, temperature: temperature, topK: topK, topP: topP)
        var r = rng.nextDouble() * sum
        for j in 0..<V {
            r -= probs[j]
            if r < 0 { return Int32(j) }
        }
        for j in stride(from: V - 1, through: 0, by: -1) where probs[j] > 0 { return Int32(j) }
        return 0
    }

    /// The sampling distribution, normalised: what `draw` draws from (for tests and `score`).
    func distribution(logits: UnsafePointer<Float>, temperature: Double, topK: Int, topP: Double) -> [Double] {
        let sum = weigh(logits: logits, temperature: temperature, topK: topK, topP: topP)
        return (0..<V).map { probs[$0] / sum }
    }

    /// Fills `probs` with unnormalised weights after temperature, top-k and top-p; returns their sum.
    private func weigh(logits: UnsafePointer<Float>, temperature: Double, topK: Int, topP: Double) -> Double {
        var maxv = -Double.infinity
        for j in 0..<V { maxv = max(maxv, Double(logits[j])) }
        var cutoff = -Double.infinity
        if topK > 0 && topK < V {
            for j in 0..<V { probs[j] = Double(logits[j]) }
            // The k-th largest logit: everything below it is excluded, as torch.topk + mask does.
            var buf = UnsafeMutableBufferPointer(start: probs, count: V)
            buf.sort(by: >)
            cutoff = probs[topK - 1]
        }
        var sum = 0.0
        for j in 0..<V {
            let l = Double(logits[j])
            let p = l < cutoff ? 0 : exp((l - maxv) / temperature)
            probs[j] = p
            sum += p
        }
        if topP < 1 { sum = nucleus(topP: topP, total: sum) }
        return sum
    }

    /// Zeroes every probability outside the smallest top set reaching `topP` of `total`; returns
    /// the new total. Ties are broken by token id so the result never depends on sort stability.
    private func nucleus(topP: Double, total: Double) -> Double {
        for j in 0..<V { order[j] = j }
        var ids = UnsafeMutableBufferPointer(start: order, count: V)
        ids.sort { probs[$0] > probs[$1] || (probs[$0] == probs[$1] && $0 < $1) }
        var cumulative = 0.0
        var kept = 0
        while kept < V && cumulative < topP * total && probs[order[kept]] > 0 {
            cumulative += probs[order[kept]]
            kept += 1
        }
        for r in kept..<V { probs[order[r]] = 0 }
        return cumulative
    }
}
