import Foundation

// Causal multi-head self-attention (the part between c_attn and c_proj).
//   forward:  qkv(B,T,3C) -> out(B,T,C); saves att(B,H,T,T), the softmax probabilities
//             per (b,h): S = q·kᵀ/√hs (T×T), P = causal softmax(S), out = P·v (T×hs)
//   backward: dout(B,T,C) -> dqkv(B,T,3C) (overwritten)
//             dP = dout·vᵀ, dv = Pᵀ·dout, dS = P⊙(dP − rowsum(P⊙dP)), dq = dS·k/√hs, dk = dSᵀ·q/√hs
// q, k and v are read in place from qkv through BLAS leading dimensions (3C): no copies.
// Each (b,h) pair is independent, so the pairs are spread across the threads.

func attentionForward(out: UnsafeMutablePointer<Float>, att: UnsafeMutablePointer<Float>,
                      qkv: UnsafePointer<Float>, B: Int, T: Int, C: Int, NH: Int) {
    let hs = C / NH
    let scale = 1 / Float(hs).squareRoot()
    let C3 = 3 * C
    Parallel.rows(B * NH, work: B * NH * T * T * hs) { pairs in
        for pair in pairs {
            let b = pair / NH, h = pair % NH
            let q = qkv + b * T * C3 + h * hs
            let k = q + C
            let v = q + 2 * C
            let P = att + pair * T * T
            BLAS.sgemm(transA: false, transB: true, m: T, n: T, k: hs, alpha: scale,
                       a: q, lda: C3, b: k, ldb: C3, beta: 0, c: P, ldc: T)
            for i in 0..<T {
                let row = P + i * T
                softmaxInPlace(row, i + 1)
                (row + i + 1).update(repeating: 0, count: T - i - 1)
            }
            BLAS.sgemm(transA: false, transB: false, m: T, n: hs, k: T,
                       a: P, lda: T, b: v, ldb: C3, beta: 0, c: out + b * T * C + h * hs, ldc: C)
        }
    }
}

/// `scratch` holds one T×T matrix per thread.
func attentionBackward(dqkv: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                       qkv: UnsafePointer<Float>, att: UnsafePointer<Float>,
                       scratch: UnsafeMutablePointer<Float>, B: Int, T: Int, C: Int, NH: Int) {
    let hs = C / NH
    let scale = 1 / Float(hs).squareRoot()
    let C3 = 3 * C
    let parts = B * NH * T * T * hs >= 1 << 15 ? Parallel.threads : 1
    Parallel.split(B * NH, into: parts) { part, pairs in
        let dP = scratch + part * T * T
        for pair in pairs {
            let b = pair / NH, h = pair % NH
            let q = qkv + b * T * C3 + h * hs
            let k = q + C, v = q + 2 * C
            let dq = dqkv + b * T * C3 + h * hs
            let dk = dq + C, dv = dq + 2 * C
            let P = att + pair * T * T
            let dO = dout + b * T * C + h * hs
            BLAS.sgemm(transA: false, transB: true, m: T, n: T, k: hs,
                       a: dO, lda: C, b: v, ldb: C3, beta: 0, c: dP, ldc: T)
            BLAS.sgemm(transA: true, transB: false, m: T, n: hs, k: T,
                       a: P, lda: T, b: dO, ldb: C, beta: 0, c: dv, ldc: C3)
            for i in 0..<T {
                let p = P + i * T, d = dP + i * T
                var dot: Float = 0
                for j in 0...i { dot += p[j] * d[j] }
                for j in 0...i { d[j] = p[j] * (d[j] - dot) }
                for j in (i + 1)..<T { d[j] = 0 }
            }
            BLAS.sgemm(transA: false, transB: false, m: T, n: hs, k: T, alpha: scale,
                       a: dP, lda: T, b: k, ldb: C3, beta: 0, c: dq, ldc: C3)
            BLAS.sgemm(transA: true, transB: false, m: T, n: hs, k: T, alpha: scale,
                       a: dP, lda: T, b: q, ldb: C3, beta: 0, c: dk, ldc: C3)
        }
    }
}
