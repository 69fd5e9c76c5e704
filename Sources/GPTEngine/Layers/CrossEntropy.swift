import Foundation

// Softmax + cross-entropy, fused.
//   forward:  logits(N,V) -> probs(N,V) (in place), losses(N) = −log probs[n, target[n]]
//   backward: dlogits(N,V) = (probs − onehot(target)) · dloss, written over probs
// Targets below zero are ignored (loss 0, no gradient), for positions without a next token.

func crossEntropyForward(probs: UnsafeMutablePointer<Float>, losses: UnsafeMutablePointer<Float>,
                         targets: UnsafePointer<Int32>, N: Int, V: Int) {
    Parallel.rows(N, work: N * V * 4) { rows in
        for n in rows {
            let row = probs + n * V
            var maxv = -Float.infinity
            for j in 0..<V where row[j] > maxv { maxv = row[j] }
            let t = Int(targets[n])
            // Loss from the log-sum-exp, not log(prob): exact even when the probability underflows.
            let targetLogit = t >= 0 ? row[t] - maxv : 0
            var sum: Float = 0
            for j in 0..<V {
                let e = expf(row[j] - maxv)
                row[j] = e
                sum += e
            }
            let inv = 1 / sum
            for j in 0..<V { row[j] *= inv }
            losses[n] = t >= 0 ? logf(sum) - targetLogit : 0
        }
    }
}

func crossEntropyBackward(dlogits: UnsafeMutablePointer<Float>, targets: UnsafePointer<Int32>,
                          dloss: Float, N: Int, V: Int) {
    Parallel.rows(N, work: N * V) { rows in
        for n in rows {
            let row = dlogits + n * V
            let t = Int(targets[n])
            if t < 0 {
                row.update(repeating: 0, count: V)
                continue
            }
            for j in 0..<V { row[j] *= dloss }
            row[t] -= dloss
        }
    }
}
