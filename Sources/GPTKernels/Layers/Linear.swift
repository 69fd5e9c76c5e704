// Fully connected layer, weight stored (OC, C) as torch.nn.Linear.
//   forward:  out(N,OC) = inp(N,C) · weight(OC,C)ᵀ + bias(OC) [+ residual(N,OC)]
//   backward: dinp(N,C) += dout(N,OC) · weight(OC,C)
//             dweight(OC,C) += dout(N,OC)ᵀ · inp(N,C),  dbias(OC) += Σₙ dout
// In mixed precision inp and weight come in bfloat16, and dout is rounded to bfloat16 once
// (into `doutLow`, N·OC) for both backward products, as autocast does; results stay float32.

/// With `residual` (N,OC), the output is `residual + inp·Wᵀ + bias`: the residual connections
/// are added inside the product's kernel, with no copy and no pass of their own.
package func linearForward(_ cx: Compute, out: UnsafeMutablePointer<Float>, inp: Rows,
                   weight: Rows, bias: UnsafePointer<Float>?,
                   N: Int, C: Int, OC: Int, residual: UnsafePointer<Float>? = nil) {
    cx.matmulParallel(transA: false, transB: true, m: N, n: OC, k: C,
                      a: inp, lda: C, b: weight, ldb: C, beta: 0, c: out, ldc: OC,
                      bias: bias, residual: residual, ldr: OC)
}

package func linearBackward(_ cx: Compute, dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>,
                    dbias: UnsafeMutablePointer<Float>?, dout: UnsafePointer<Float>,
                    inp: Rows, weight: Rows, doutLow: UnsafeMutablePointer<UInt16>? = nil,
                    N: Int, C: Int, OC: Int, accumulateInput: Bool = true) {
    var d = Rows(UnsafeMutablePointer(mutating: dout))
    if weight.precision == .bfloat16, let doutLow {
        roundToBFloat16(cx, doutLow, dout, count: N * OC)
        d = Rows(UnsafeMutableRawPointer(doutLow), .bfloat16)
    }
    if let dinp {
        cx.matmulParallel(transA: false, transB: false, m: N, n: C, k: OC,
                          a: d, lda: OC, b: weight, ldb: C,
                          beta: accumulateInput ? 1 : 0, c: dinp, ldc: C)
    }
    // Rows of dweight are columns of dout: split over OC so each thread owns whole rows.
    cx.matmulParallel(transA: true, transB: false, m: OC, n: C, k: N,
                      a: d, lda: OC, b: inp, ldb: C, beta: 1, c: dweight, ldc: C)
    if let dbias {
        cx.rows(OC, work: N * OC) { cols in
            for n in 0..<N {
                let d = dout + n * OC
                for j in cols { dbias[j] += d[j] }
            }
        }
    }
}

/// The float32 forms, for callers that hold plain float arrays.
package func linearForward(_ cx: Compute, out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                   weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                   N: Int, C: Int, OC: Int, residual: UnsafePointer<Float>? = nil) {
    linearForward(cx, out: out, inp: Rows(UnsafeMutablePointer(mutating: inp)), weight: Rows(UnsafeMutablePointer(mutating: weight)),
                  bias: bias, N: N, C: C, OC: OC, residual: residual)
}

package func linearBackward(_ cx: Compute, dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>,
                    dbias: UnsafeMutablePointer<Float>?, dout: UnsafePointer<Float>,
                    inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                    N: Int, C: Int, OC: Int, accumulateInput: Bool = true) {
    linearBackward(cx, dinp: dinp, dweight: dweight, dbias: dbias, dout: dout,
                   inp: Rows(UnsafeMutablePointer(mutating: inp)), weight: Rows(UnsafeMutablePointer(mutating: weight)),
                   N: N, C: C, OC: OC, accumulateInput: accumulateInput)
}
