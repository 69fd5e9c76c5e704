/// The threads a model computes with, and the matrix-product primitives they run: one per
/// session (or model), never process-wide, so two models with different `threads` settings
/// cannot step on each other.
///
/// Work is split across a fork–join worker pool; every part is computed on one thread with
/// single-threaded kernels. Measured here (2 cores, oneDNN 2.6): oneDNN's own OpenMP team of
/// two wins some isolated large products (scripts/bench-matmul), but handing it the products
/// of 2^24 multiply–adds and more lost the whole step: S 15.9 ms against 11.8 with the pool,
/// M 756–779 ms against 672 (13.3 and 737–746 with OMP_WAIT_POLICY=passive), because its team
/// and the pool spin against each other on the same cores between products. A product split by
/// rows also gives results that do not depend on OpenMP's split.
public final class Compute {
    public let threads: Int
    private let pool: WorkerPool?
    /// One cache per part index: a part runs on one thread at a time, so its cache needs no lock.
    let matmuls: [MatMulCache]

    public init(threads: Int) {
        precondition(threads >= 1)
        self.threads = threads
        pool = threads > 1 ? WorkerPool(workers: threads - 1) : nil
        matmuls = (0..<threads).map { _ in MatMulCache() }
    }

    deinit { pool?.retire() }

    /// Calls `body(part, slice)` on `parts` contiguous, near-equal slices of 0..<count, concurrently.
    @inline(__always)
    package func split(_ count: Int, into parts: Int, _ body: (Int, Range<Int>) -> Void) {
        let parts = max(1, min(parts, count, threads))
        guard parts > 1, let pool else {
            body(0, 0..<count)
            return
        }
        pool.run(parts: parts) { p in
            body(p, count * p / parts ..< count * (p + 1) / parts)
        }
    }

    /// Splits rows across all threads once the total work is large enough to pay for it.
    @inline(__always)
    package func rows(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
        split(count, into: parts(forWork: work)) { _, r in body(r) }
    }

    /// How many threads a region of `work` (multiply–adds, or elements touched) is worth.
    /// The one place the parallel thresholds live: below them a handoff costs more than it saves.
    @inline(__always)
    package func parts(forWork work: Int, minimum: Threshold = .elementwise) -> Int {
        work >= minimum.rawValue ? threads : 1
    }

    package enum Threshold: Int {
        case elementwise = 32_768
        case matmul = 262_144
        case reduction = 65_536
    }
}
