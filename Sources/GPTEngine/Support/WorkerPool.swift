import Foundation
import Synchronization
import CRuntime

/// A fork–join pool of persistent worker threads for the many short parallel regions of a
/// training step. Workers spin briefly on an atomic generation counter before sleeping, so a
/// region costs a cache-line handoff rather than a kernel wake-up (Dispatch's cost, which the
/// profile showed at several percent of an S step).
final class WorkerPool: @unchecked Sendable {
    private let workers: Int
    private let generation = Atomic<Int>(0)
    private let pending = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let wake = NSCondition()
    // Written by the posting thread before the generation's release, read by workers after
    // its acquire.
    nonisolated(unsafe) private var job: ((Int) -> Void)?
    nonisolated(unsafe) private var parts = 0

    /// `workers` extra threads; the caller's thread takes part 0 of every region.
    init(workers: Int) {
        self.workers = workers
        for w in 0..<workers {
            let t = Thread { [unowned self] in self.loop(part: w + 1) }
            t.stackSize = 1 << 20
            t.start()
        }
    }

    var threads: Int { workers + 1 }

    /// Runs body(0..<parts) with part 0 on the calling thread; returns when all are done.
    /// `withoutActuallyEscaping` boxes the closure (32 bytes): the one heap allocation left in
    /// a parallel region, which scripts/check-allocations counts.
    func run(parts: Int, _ body: (Int) -> Void) {
        precondition(parts <= threads)
        withoutActuallyEscaping(body) { escaping in
            job = escaping
            self.parts = parts
            // Every worker acknowledges every region, even one it has no part in, so no worker
            // can still be reading this region's job when the next one is posted.
            pending.store(workers, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            if sleepers.load(ordering: .acquiring) > 0 {
                wake.lock()
                wake.broadcast()
                wake.unlock()
            }
            escaping(0)
            var spins = 0
            while pending.load(ordering: .acquiring) > 0 {
                spins += 1
                // On a busy machine a worker may be descheduled: give it the core.
                if spins & 1023 == 0 { sched_yield() } else { gptsh_cpu_relax() }
            }
            job = nil
        }
    }

    private func loop(part: Int) {
        var seen = 0
        while true {
            var spins = 0
            var current = generation.load(ordering: .acquiring)
            while current == seen {
                spins += 1
                if spins < 200_000 {
                    if spins & 1023 == 0 { sched_yield() } else { gptsh_cpu_relax() }
                } else {
                    wake.lock()
                    sleepers.add(1, ordering: .sequentiallyConsistent)
                    current = generation.load(ordering: .sequentiallyConsistent)
                    if current == seen { _ = wake.wait(until: Date(timeIntervalSinceNow: 0.1)) }
                    sleepers.subtract(1, ordering: .sequentiallyConsistent)
                    wake.unlock()
                    spins = 0
                }
                current = generation.load(ordering: .acquiring)
            }
            seen = current
            if part < parts, let job { job(part) }
            pending.subtract(1, ordering: .releasing)
        }
    }
}

