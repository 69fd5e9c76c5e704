import CBLAS

/// The one place the engine talks to BLAS, so the library behind it can change.
///
/// OpenBLAS it is: scripts/bench-gemm times the engine's product shapes in OpenBLAS and BLIS.
/// BLIS wins single products of the M shape by 10–15% but lost the whole M step when it
/// computed them (2.40 s against 2.15–2.36 s), and loses the small S products by 15–35%.
///
/// BLAS runs single-threaded: the engine splits large products across cores itself
/// (see `Parallel`), which avoids oversubscription when per-head products run in
/// parallel and keeps results independent of BLAS's own threading heuristics.
public enum BLAS {
    public static func configure() {
        openblas_set_num_threads(1)
    }

    /// Row-major C(m×n) = alpha · op(A)(m×k) · op(B)(k×n) + beta · C.
    @inline(__always)
    static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor,
                    transA ? CblasTrans : CblasNoTrans,
                    transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The same product with its rows (of C) split across the worker threads.
    /// Every element of C is still computed by one call over the full k, so the
    /// result does not depend on how the rows were split.
    static func sgemmParallel(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let work = m * n * k
        let parts = Parallel.threads > 1 && work >= 1 << 18 && m >= 16 ? Parallel.threads : 1
        Parallel.split(m, into: parts) { _, rows in
            let aStart = transA ? a + rows.lowerBound : a + rows.lowerBound * lda
            sgemm(transA: transA, transB: transB, m: rows.count, n: n, k: k, alpha: alpha,
                  a: aStart, lda: lda, b: b, ldb: ldb, beta: beta,
                  c: c + rows.lowerBound * ldc, ldc: ldc)
        }
    }
}
