/// Work splitting over the machine's cores. `threads` is the session's `threads` setting;
/// the worker pool grows to match it and is shared by the whole process.
public enum Parallel {
    nonisolated(unsafe) public static var threads = 1
    nonisolated(unsafe) private static var pool: WorkerPool?

    private static func pool(for parts: Int) -> WorkerPool {
        if let pool, pool.threads >= parts { return pool }
        pool?.retire()
        let p = WorkerPool(workers: parts - 1)
        pool = p
        return p
    }

    /// Calls `body(part, slice)` on `parts` contiguous, near-equal slices of 0..<count, concurrently.
    @inline(__always)
    static func split(_ count: Int, into parts: Int, _ body: (Int, Range<Int>) -> Void) {
        let parts = max(1, min(parts, count))
        if parts == 1 {
            body(0, 0..<count)
            return
        }
        pool(for: parts).run(parts: parts) { p in
            body(p, count * p / parts ..< count * (p + 1) / parts)
        }
    }

    /// Splits rows across all threads once the total work is large enough to pay for it.
    @inline(__always)
    static func rows(_ count: Int, work: Int, _ body: (Range<Int>) -> Void) {
        split(count, into: work >= 1 << 15 ? threads : 1) { _, r in body(r) }
    }
}
