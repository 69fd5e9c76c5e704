import Foundation

/// Turns one position's logits into a token: greedy at temperature 0, otherwise a draw from
/// softmax(logits / temperature), optionally restricted to the top k.
final class TokenSampler {
    private let probs: UnsafeMutablePointer<Double>
    private let order: UnsafeMutablePointer<Int32>
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

    func draw(logits: UnsafePointer<Float>, temperature: Double, topK: Int,
              rng: inout RandomGenerator) -> Int32 {
        if temperature == 0 || topK == 1 {
            var best = 0
            for j in 1..<V where logits[j] > logits[best] { best = j }
            return Int32(best)
        }
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
        var r = rng.nextDouble() * sum
        for j in 0..<V {
            r -= probs[j]
            if r < 0 { return Int32(j) }
        }
        for j in stride(from: V - 1, through: 0, by: -1) where probs[j] > 0 { return Int32(j) }
        return 0
    }
}
