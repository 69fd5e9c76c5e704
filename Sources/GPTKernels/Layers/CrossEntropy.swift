import Foundation

// Softmax + cross-entropy, fused.
//   forward:  logits(N,V) -> probs(N,V) (in place), losses(N) = −log probs[n, target[n]]
//   backward: dlogits(N,V) = (probs − onehot(target)) · dloss, written over probs
// Targets below zero are ignored (loss 0, no gradient), for positions without a next token.

package func crossEntropyForward(_ cx: Compute, probs: UnsafeMutablePointer<Float>, losses: UnsafeMutablePointer<Float>,
                         targets: UnsafePointer<Int32>, N: Int, V: Int) {
    cx.rows(N, work: N * V * 4) { rows in
        for n in rows {
            let row = probs + n * V
            let t = Int(targets[n])
            // Loss from the log-sum-exp, not log(prob): exact even when the probability underflows.
            let targetLogit = t >= 0 ? row[t] : 0
            let (maxv, sum) = softmaxInPlace(row, V)
            losses[n] = t >= 0 ? logf(sum) - (targetLogit - maxv) : 0
        }
    }
}

package func crossEntropyBackward(_ cx: Compute, dlogits: UnsafeMutablePointer<Float>, targets: UnsafePointer<Int32>,
                          dloss: Float, N: Int, V: Int) {
    cx.rows(N, work: N * V) { rows in
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
