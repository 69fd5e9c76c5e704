import Foundation

// Causal multi-head self-attention (the part between c_attn and c_proj).
//   forward:  qkv(B,T,3C) -> out(B,T,C); saves att(B,H,T,T), the softmax probabilities
//             per (b,h): S = q·kᵀ/√hs (T×T), P = causal softmax(S), out = P·v (T×hs)
//   backward: dout(B,T,C) -> dqkv(B,T,3C) (overwritten)
//             dP = dout·vᵀ, dv = Pᵀ·dout, dS = P⊙(dP − rowsum(P⊙dP)), dq = dS·k/√hs, dk = dSᵀ·q/√hs
// q, k and v are read in place from qkv through leading dimensions (3C): no copies.
// Each (b,h) pair is independent, so the pairs are spread across the threads.
//
// The products run in blocks of `attentionBlock` query rows: block r (rows i0..<i1) only meets
// keys 0..<i1, so nothing above the diagonal's blocks is computed. At T=256 that skips 3/8 of
// the score and value products, forward and backward. Entries of att above the diagonal are 0.
//
// With dropout, `dropped` (B,H,T,T) comes in holding the mask (0 or 1/(1−p), see Dropout.swift)
// and leaves holding Pd = P⊙mask; out = Pd·v. att keeps P, because the softmax backward needs it:
//   dPd = dout·vᵀ, dv = Pdᵀ·dout, dP = dPd⊙mask, and since P⊙mask = Pd,
//   dS = P⊙(dP − rowsum(P⊙dP)) = Pd⊙dPd − P⊙rowsum(Pd⊙dPd): P and Pd suffice, no mask is kept.

package let attentionBlock = 64

@inline(__always)
private func queryBlocks(from start: Int = 0, _ T: Int, _ body: (_ i0: Int, _ i1: Int) -> Void) {
    var i0 = start
    while i0 < T {
        let i1 = min(T, i0 + attentionBlock)
        body(i0, i1)
        i0 = i1
    }
}

/// Rows `start..<T` of each sequence attend to keys 0..<T; rows before `start` (the cached
/// positions of generation) are already in `qkv`. Row i of a pair's probabilities sits at
/// att + pair·attStride² + i·attStride.
package func attentionForward(_ cx: Compute, out: UnsafeMutablePointer<Float>, att: UnsafeMutablePointer<Float>,
                      qkv: UnsafePointer<Float>, B: Int, T: Int, C: Int, NH: Int,
                      from start: Int = 0, attStride: Int? = nil, dropped: UnsafeMutablePointer<Float>? = nil) {
    let hs = C / NH
    let scale = 1 / Float(hs).squareRoot()
    let C3 = 3 * C
    let ld = attStride ?? T
    cx.split(B * NH, into: cx.parts(forWork: B * NH * (T - start) * T * hs)) { part, pairs in
        for pair in pairs {
            let b = pair / NH, h = pair % NH
            let q = qkv + b * T * C3 + h * hs
            let k = q + C
            let v = q + 2 * C
            let P = att + pair * ld * ld
            let Pd = dropped.map { $0 + pair * ld * ld }
            let o = out + b * T * C + h * hs
            queryBlocks(from: start, T) { i0, i1 in
                if i1 - i0 < 4 {
                    // A token or a few at a time (generation): products this thin cost more to
                    // hand to a kernel library than to compute.
                    for i in i0..<i1 { attendOneRow(P + i * ld, dropped: Pd.map { $0 + i * ld }, out: o + i * C,
                                                   q: q + i * C3, k: k, v: v, keys: i + 1, width: T, hs: hs, C3: C3,
                                                   scale: scale) }
                    return
                }
                let rows = P + i0 * ld
                cx.matmul(part: part, transA: false, transB: true, m: i1 - i0, n: i1, k: hs, alpha: scale,
                          a: q + i0 * C3, lda: C3, b: k, ldb: C3, beta: 0, c: rows, ldc: ld)
                for i in i0..<i1 {
                    let row = P + i * ld
                    softmaxInPlace(row, i + 1)
                    (row + i + 1).update(repeating: 0, count: T - i - 1)
                    if let Pd { dropRow(Pd + i * ld, probabilities: row, keys: i + 1, width: T) }
                }
                cx.matmul(part: part, transA: false, transB: false, m: i1 - i0, n: hs, k: i1,
                          a: Pd.map { $0 + i0 * ld } ?? rows, lda: ld, b: v, ldb: C3, beta: 0, c: o + i0 * C, ldc: C)
            }
        }
    }
}

/// Turns a row of the mask into the dropped probabilities, zero above the diagonal.
@inline(__always)
private func dropRow(_ masked: UnsafeMutablePointer<Float>, probabilities: UnsafePointer<Float>, keys: Int, width: Int) {
    for j in 0..<keys { masked[j] *= probabilities[j] }
    (masked + keys).update(repeating: 0, count: width - keys)
}

/// One query row against `keys` keys: scores, softmax into `row` (zero on to `width`, as the
/// backward's blocks read past the diagonal), and the weighted sum of values (weighted by the
/// dropped probabilities when `dropped` holds the row's mask).
@inline(__always)
private func attendOneRow(_ row: UnsafeMutablePointer<Float>, dropped: UnsafeMutablePointer<Float>?,
                          out: UnsafeMutablePointer<Float>,
                          q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                          keys: Int, width: Int, hs: Int, C3: Int, scale: Float) {
    for j in 0..<keys {
        let kj = k + j * C3
        var dot: Float = 0
        for i in 0..<hs { dot += q[i] * kj[i] }
        row[j] = dot * scale
    }
    softmaxInPlace(row, keys)
    (row + keys).update(repeating: 0, count: width - keys)
    if let dropped { dropRow(dropped, probabilities: row, keys: keys, width: width) }
    let weights = dropped ?? row
    out.update(repeating: 0, count: hs)
    for j in 0..<keys {
        let w = weights[j], vj = v + j * C3
        for i in 0..<hs { out[i] += w * vj[i] }
    }
}

/// `scratch` holds one T×T matrix per thread. `dropped` is the forward pass's Pd, when it had dropout.
package func attentionBackward(_ cx: Compute, dqkv: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                       qkv: UnsafePointer<Float>, att: UnsafePointer<Float>, dropped: UnsafePointer<Float>? = nil,
                       scratch: UnsafeMutablePointer<Float>, B: Int, T: Int, C: Int, NH: Int) {
    let hs = C / NH
    let scale = 1 / Float(hs).squareRoot()
    let C3 = 3 * C
    cx.split(B * NH, into: cx.parts(forWork: B * NH * T * T * hs)) { part, pairs in
        let dP = scratch + part * T * T
        for pair in pairs {
            let b = pair / NH, h = pair % NH
            let q = qkv + b * T * C3 + h * hs
            let k = q + C, v = q + 2 * C
            let dq = dqkv + b * T * C3 + h * hs
            let dk = dq + C, dv = dq + 2 * C
            let P = att + pair * T * T
            let Pd = dropped.map { $0 + pair * T * T }
            let dO = dout + b * T * C + h * hs
            // Row blocks: dP and dS for rows i0..<i1 over columns 0..<i1, then dq for those rows.
            queryBlocks(T) { i0, i1 in
                cx.matmul(part: part, transA: false, transB: true, m: i1 - i0, n: i1, k: hs,
                          a: dO + i0 * C, lda: C, b: v, ldb: C3, beta: 0, c: dP + i0 * T, ldc: T)
                for i in i0..<i1 {
                    let p = P + i * T, d = dP + i * T
                    var dot: Float = 0
                    if let Pd {
                        let pd = Pd + i * T
                        for j in 0...i { dot += pd[j] * d[j] }
                        for j in 0...i { d[j] = pd[j] * d[j] - p[j] * dot }
                    } else {
                        for j in 0...i { dot += p[j] * d[j] }
                        for j in 0...i { d[j] = p[j] * (d[j] - dot) }
                    }
                    for j in (i + 1)..<i1 { d[j] = 0 }
                }
                cx.matmul(part: part, transA: false, transB: false, m: i1 - i0, n: hs, k: i1, alpha: scale,
                          a: dP + i0 * T, lda: T, b: k, ldb: C3, beta: 0, c: dq + i0 * C3, ldc: C3)
            }
            // Column blocks: key j only meets queries j..<T.
            queryBlocks(T) { j0, j1 in
                cx.matmul(part: part, transA: true, transB: false, m: j1 - j0, n: hs, k: T - j0,
                          a: (Pd ?? P) + j0 * T + j0, lda: T, b: dO + j0 * C, ldb: C, beta: 0, c: dv + j0 * C3, ldc: C3)
                cx.matmul(part: part, transA: true, transB: false, m: j1 - j0, n: hs, k: T - j0, alpha: scale,
                          a: dP + j0 * T + j0, lda: T, b: q + j0 * C3, ldb: C3, beta: 0, c: dk + j0 * C3, ldc: C3)
            }
        }
    }
}
