// Residual connection.
//   forward:  out(N) = a(N) + b(N)
//   backward: the gradient passes unchanged to both inputs, so the engine lets the
//             residual stream's gradient buffer flow through without a kernel.

func residualForward(out: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>,
                     b: UnsafePointer<Float>, N: Int) {
    Parallel.rows(N, work: N) { r in
        for i in r { out[i] = a[i] + b[i] }
    }
}
