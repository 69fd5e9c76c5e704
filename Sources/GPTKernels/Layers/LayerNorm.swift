import CKernels

// LayerNorm over the last dimension, eps 1e-5, with affine weight and optional bias.
//   forward:  inp(N,C) -> out(N,C); saves mean(N), rstd(N) for backward
//             out = (x − mean)·rstd·weight + bias
//   backward: dinp(N,C) += (dnorm − mean(dnorm) − norm·mean(dnorm·norm))·rstd, dnorm = weight·dout
//             dweight(C) += Σₙ norm·dout, dbias(C) += Σₙ dout
// The row arithmetic is CKernels' gptsh_layernorm_*, in AVX-512 where the CPU has it.

package let layerNormEps: Float = 1e-5

/// `out` is in the precision of the product it feeds (its statistics are float32 either way).
package func layerNormForward(_ cx: Compute, out: Rows, mean: UnsafeMutablePointer<Float>,
                      rstd: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                      weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, N: Int, C: Int) {
    cx.rows(N, work: N * C * 4) { rows in
        let n = rows.lowerBound
        let o = out.at(n * C)
        gptsh_layernorm_forward(o.floats, o.low, mean + n, rstd + n, inp + n * C, weight, bias, rows.count, C, layerNormEps)
    }
}

package func layerNormForward(_ cx: Compute, out: UnsafeMutablePointer<Float>, mean: UnsafeMutablePointer<Float>,
                      rstd: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                      weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?, N: Int, C: Int) {
    layerNormForward(cx, out: Rows(out), mean: mean, rstd: rstd, inp: inp, weight: weight, bias: bias, N: N, C: C)
}

/// The weight and bias gradients are sums over all rows; they accumulate per thread into
/// `scratch` (threads × 2C floats) and are added in a fixed order, so the result is the same
/// on every run with the same thread count. Without `dbias` the bias sums are dropped.
package func layerNormBackward(_ cx: Compute, dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>,
                       dbias: UnsafeMutablePointer<Float>?, dout: UnsafePointer<Float>,
                       inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                       mean: UnsafePointer<Float>, rstd: UnsafePointer<Float>,
                       scratch: UnsafeMutablePointer<Float>, N: Int, C: Int) {
    let parts = min(cx.parts(forWork: N * C * 8), N)
    scratch.update(repeating: 0, count: parts * 2 * C)
    cx.split(N, into: parts) { part, rows in
        let dw = scratch + part * 2 * C
        let n = rows.lowerBound
        gptsh_layernorm_backward(dinp + n * C, dw, dw + C, dout + n * C, inp + n * C, weight, mean + n, rstd + n, rows.count, C)
    }
    for p in 0..<parts {
        let dw = scratch + p * 2 * C
        let db = dw + C
        for i in 0..<C { dweight[i] += dw[i] }
        if let dbias { for i in 0..<C { dbias[i] += db[i] } }
    }
}
