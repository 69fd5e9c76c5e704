// Fully connected layer, weight stored (OC, C) as torch.nn.Linear.
//   forward:  out(N,OC) = inp(N,C) · weight(OC,C)ᵀ + bias(OC) [+ residual(N,OC)]
//   backward: dinp(N,C) += dout(N,OC) · weight(OC,C)
//             dweight(OC,C) += dout(N,OC)ᵀ · inp(N,C),  dbias(OC) += Σₙ dout

/// With `residual` (N,OC), the output is `residual + inp·Wᵀ + bias`: the residual connections
/// are added inside the product's kernel, with no copy and no pass of their own.
package func linearForward(_ cx: Compute, out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                   weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                   N: Int, C: Int, OC: Int, residual: UnsafePointer<Float>? = nil) {
    cx.matmulParallel(transA: false, transB: true, m: N, n: OC, k: C,
                      a: inp, lda: C, b: weight, ldb: C, beta: 0, c: out, ldc: OC,
                      bias: bias, residual: residual, ldr: OC)
}

package func linearBackward(_ cx: Compute, dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>,
                    dbias: UnsafeMutablePointer<Float>?, dout: UnsafePointer<Float>,
                    inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                    N: Int, C: Int, OC: Int, accumulateInput: Bool = true) {
    if let dinp {
        cx.matmulParallel(transA: false, transB: false, m: N, n: C, k: OC,
                          a: dout, lda: OC, b: weight, ldb: C,
                          beta: accumulateInput ? 1 : 0, c: dinp, ldc: C)
    }
    // Rows of dweight are columns of dout: split over OC so each thread owns whole rows.
    cx.matmulParallel(transA: true, transB: false, m: OC, n: C, k: N,
                      a: dout, lda: OC, b: inp, ldb: C, beta: 1, c: dweight, ldc: C)
    if let dbias {
        cx.rows(OC, work: N * OC) { cols in
            for n in 0..<N {
                let d = dout + n * OC
                for j in cols { dbias[j] += d[j] }
            }
        }
    }
}
