import CKernels

/// The one place the engine runs matrix products: oneDNN's matmul primitive, one per product
/// shape and part, made the first time the shape appears and reused ever after, so a training
/// step creates nothing and allocates nothing.
///
/// oneDNN picks its kernel from the CPU at run time (AVX-512 `brg:avx512_core` here): on this
/// project's machine it runs the engine's shapes at 246–266 GFLOP/s per core against
/// 122–129 for OpenBLAS 0.3.21 pinned to its Haswell kernel (scripts/bench-gemm).
final class MatMulCache {
    struct Shape: Hashable {
        let transA, transB: Bool
        let m, n, k, lda, ldb, ldc: Int
        let alpha, beta: Float
        let bias: Bool
        /// Leading dimension of the residual added after the product, 0 for none.
        let ldr: Int
        let precisionA, precisionB: Precision
    }

    private var primitives: [Shape: OpaquePointer] = [:]

    deinit {
        for p in primitives.values { gptsh_matmul_destroy(p) }
    }

    func primitive(for s: Shape) -> OpaquePointer {
        if let p = primitives[s] { return p }
        var error = [CChar](repeating: 0, count: 256)
        guard let p = gptsh_matmul_create(s.transA ? 1 : 0, s.transB ? 1 : 0, Int64(s.m), Int64(s.n), Int64(s.k),
                                          Int64(s.lda), Int64(s.ldb), Int64(s.ldc), s.alpha, s.beta,
                                          s.bias ? 1 : 0, Int64(s.ldr), 1,
                                          s.precisionA == .bfloat16 ? 1 : 0, s.precisionB == .bfloat16 ? 1 : 0,
                                          &error, Int32(error.count)) else {
            // The shapes come from a validated model config; oneDNN refusing one is a bug here.
            fatalError("oneDNN refused a \(s.m)×\(s.n)×\(s.k) product: \(String(cString: error))")
        }
        primitives[s] = p
        return p
    }

    /// Primitives made so far: a step after the first must add none.
    var count: Int { primitives.count }
}

extension Compute {
    /// Row-major C(m×n) = alpha · op(A)(m×k) · op(B)(k×n) + beta · C [+ bias(n)] [+ R(m×n)],
    /// on the calling thread, with the primitives of `part` (the index of the region's part the
    /// caller is running). The bias and the residual R are added inside the product's kernel.
    /// A and B are float32 or bfloat16 each; C, the bias and R are float32.
    @inline(__always)
    package func matmul(part: Int = 0, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                alpha: Float = 1, a: Rows, lda: Int, b: Rows, ldb: Int,
                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                bias: UnsafePointer<Float>? = nil, residual: UnsafePointer<Float>? = nil, ldr: Int = 0) {
        let shape = MatMulCache.Shape(transA: transA, transB: transB, m: m, n: n, k: k,
                                      lda: lda, ldb: ldb, ldc: ldc, alpha: alpha, beta: beta,
                                      bias: bias != nil, ldr: residual != nil ? ldr : 0,
                                      precisionA: a.precision, precisionB: b.precision)
        gptsh_matmul_run(matmuls[part].primitive(for: shape), a.raw, b.raw, c, bias, residual)
    }

    @inline(__always)
    package func matmul(part: Int = 0, transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
                b: UnsafePointer<Float>, ldb: Int,
                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        matmul(part: part, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
               a: Rows(UnsafeMutablePointer(mutating: a)), lda: lda, b: Rows(UnsafeMutablePointer(mutating: b)), ldb: ldb,
               beta: beta, c: c, ldc: ldc)
    }

    /// The same product split across the threads: by rows of C, or by columns when C has too
    /// few rows to share (generation's one-row products, which only stream the weights). Each
    /// part is a product over the full k with its own primitive.
    package func matmulParallel(transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
                        alpha: Float = 1, a: Rows, lda: Int, b: Rows, ldb: Int,
                        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                        bias: UnsafePointer<Float>? = nil, residual: UnsafePointer<Float>? = nil, ldr: Int = 0) {
        let parts = parts(forWork: m * n * k, minimum: .matmul)
        if m >= 16 || n < 64 {
            split(m, into: m >= 16 ? parts : 1) { part, rows in
                let aStart = a.at(transA ? rows.lowerBound : rows.lowerBound * lda)
                matmul(part: part, transA: transA, transB: transB, m: rows.count, n: n, k: k, alpha: alpha,
                       a: aStart, lda: lda, b: b, ldb: ldb, beta: beta,
                       c: c + rows.lowerBound * ldc, ldc: ldc,
                       bias: bias, residual: residual.map { $0 + rows.lowerBound * ldr }, ldr: ldr)
            }
        } else if m == 1 && transB && beta == 0 && alpha == 1 && a.precision == b.precision {
            // One row against a weight matrix (generation): a plain dot product per output.
            // Measured at the S shape, oneDNN's per-call cost made a cached token 30% slower.
            split(n, into: parts) { _, cols in
                let j = cols.lowerBound
                if let x = a.floats, let w = b.floats {
                    gptsh_matvec(c + j, w + j * ldb, ldb, x, cols.count, k, bias.map { $0 + j }, residual.map { $0 + j })
                } else if let x = a.low, let w = b.low {
                    gptsh_matvec_bf16(c + j, w + j * ldb, ldb, x, cols.count, k, bias.map { $0 + j }, residual.map { $0 + j })
                }
            }
        } else {
            split(n, into: parts) { part, cols in
                let bStart = b.at(transB ? cols.lowerBound * ldb : cols.lowerBound)
                matmul(part: part, transA: transA, transB: transB, m: m, n: cols.count, k: k, alpha: alpha,
                       a: a, lda: lda, b: bStart, ldb: ldb, beta: beta,
                       c: c + cols.lowerBound, ldc: ldc,
                       bias: bias.map { $0 + cols.lowerBound }, residual: residual.map { $0 + cols.lowerBound }, ldr: ldr)
            }
        }
    }
}
