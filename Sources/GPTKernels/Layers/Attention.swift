import CKernels

// Causal multi-head self-attention (the part between c_attn and c_proj).
//   forward:  qkv(B,T,3C) -> out(B,T,C); saves stats(B,H,T,2): each row's max and 1/Σ
//             per (b,h): S = q·kᵀ/√hs (T×T), P = causal softmax(S), out = P·v (T×hs)
//   backward: dout(B,T,C) -> dqkv(B,T,3C) (overwritten)
//             P again from S and the stats, dP = dout·vᵀ, dv = Pᵀ·dout,
//             dS = P⊙(dP − rowsum(P⊙dP)), dq = dS·k/√hs, dk = dSᵀ·q/√hs
// q, k and v are read in place from qkv through their row stride (3C): no copies. The T×T
// probabilities are never kept: backward recomputes them (CKernels' attention.h, which also
// skips every block above the diagonal). Each (b,h) pair is independent, so the pairs are
// spread across the threads, each with its own `scratch` of attentionScratch(T:hs:) floats.
//
// With dropout, `mask` (B,H,T,T) holds the mask (0 or 1/(1−p), see Dropout.swift) and
// out = (P⊙mask)·v; backward: dPd = dout·vᵀ, dv = (P⊙mask)ᵀ·dout, dP = dPd⊙mask, and dS as above.

/// Query rows per block of the attention kernels.
package let attentionBlock = gptsh_attention_block()

/// Floats of scratch each thread needs for sequences of up to T positions and head size hs.
package func attentionScratch(T: Int, hs: Int) -> Int { gptsh_attention_scratch(T, hs) }

/// Rows `start..<T` of each sequence attend to keys 0..<T; rows before `start` (the cached
/// positions of generation) are already in `qkv`. `stats` (2 floats per row, pair-major), when
/// given, keeps what backward needs; `probabilities`, when given, gets each pair's T×T matrix of P.
package func attentionForward(_ cx: Compute, out: UnsafeMutablePointer<Float>, stats: UnsafeMutablePointer<Float>?,
                              probabilities: UnsafeMutablePointer<Float>? = nil, qkv: UnsafePointer<Float>,
                              scratch: UnsafeMutablePointer<Float>, B: Int, T: Int, C: Int, NH: Int,
                              from start: Int = 0, mask: UnsafePointer<Float>? = nil) {
    let hs = C / NH, C3 = 3 * C
    let scale = 1 / Float(hs).squareRoot()
    let perThread = attentionScratch(T: T, hs: hs)
    cx.split(B * NH, into: cx.parts(forWork: B * NH * (T - start) * T * hs)) { part, pairs in
        for pair in pairs {
            let b = pair / NH, h = pair % NH
            let q = qkv + b * T * C3 + h * hs
            gptsh_attention_forward(out + b * T * C + h * hs, C, stats.map { $0 + pair * 2 * T },
                                    probabilities.map { $0 + pair * T * T }, T,
                                    q, q + C, q + 2 * C, C3, mask.map { $0 + pair * T * T }, T, start, T, hs, scale,
                                    scratch + part * perThread)
        }
    }
}

package func attentionBackward(_ cx: Compute, dqkv: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                               qkv: UnsafePointer<Float>, stats: UnsafePointer<Float>, mask: UnsafePointer<Float>? = nil,
                               scratch: UnsafeMutablePointer<Float>, B: Int, T: Int, C: Int, NH: Int) {
    let hs = C / NH, C3 = 3 * C
    let scale = 1 / Float(hs).squareRoot()
    let perThread = attentionScratch(T: T, hs: hs)
    cx.split(B * NH, into: cx.parts(forWork: B * NH * T * T * hs)) { part, pairs in
        for pair in pairs {
            let b = pair / NH, h = pair % NH
            let q = qkv + b * T * C3 + h * hs
            let dq = dqkv + b * T * C3 + h * hs
            gptsh_attention_backward(dq, dq + C, dq + 2 * C, dout + b * T * C + h * hs, C, q, q + C, q + 2 * C, C3,
                                     stats + pair * 2 * T, mask.map { $0 + pair * T * T }, T, T, hs, scale,
                                     scratch + part * perThread)
        }
    }
}
