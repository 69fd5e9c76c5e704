import CRuntime
import Foundation
import Synchronization

/// A fork–join pool of persistent worker threads for the many short parallel regions of a
/// training step. Workers spin briefly before sleeping, so a region costs a cache-line handoff
/// rather than a kernel wake-up (Dispatch's cost, several percent of an S step); once they
/// sleep, they sleep until the next region, so an idle shell uses no CPU.
///
/// Parts are claimed, not assigned: whichever thread is free takes the next part. On a busy
/// machine a descheduled worker therefore never holds a region up; the caller does its part.
/// One atomic word holds the region's generation, its part count and the next unclaimed part,
/// so a late worker's claim on an old region fails instead of touching the next one's job.
final class WorkerPool: @unchecked Sendable {
    private let workers: Int
    private let state = Atomic<Int>(0)
    private let completed = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let retired = Atomic<Bool>(false)
    private let running = Atomic<Bool>(false)
    private let wake = NSCondition()
    // Written before the state's store, read by a worker after its acquiring claim.
    nonisolated(unsafe) private var job: ((Int) -> Void)?
    nonisolated(unsafe) private var generation = 0

    private static let partBits = 16
    private static let partMask = (1 << partBits) - 1
    /// About 50–100 µs of spinning: longer than the gap between a step's regions, far shorter
    /// than a person at the prompt.
    private static let spinsBeforeSleep = 20_000

    /// `workers` extra threads; the caller's thread takes parts too.
    init(workers: Int) {
        self.workers = workers
        for _ in 0..<workers {
            // The threads keep the pool alive until `retire` ends them.
            let t = Thread { self.loop() }
            t.stackSize = 1 << 20
            t.start()
        }
    }

    var threads: Int { workers + 1 }

    /// Ends the worker threads once they are idle.
    func retire() {
        retired.store(true, ordering: .sequentiallyConsistent)
        wake.lock()
        wake.broadcast()
        wake.unlock()
    }

    /// Runs body(0..<parts) across the pool and the calling thread; returns when all are done.
    /// `withoutActuallyEscaping` boxes the closure (32 bytes): the one heap allocation left in
    /// a parallel region, which scripts/check-allocations counts.
    func run(parts: Int, _ body: (Int) -> Void) {
        // One region at a time: a nested or concurrent caller would hand the workers two jobs.
        // A real check, not a precondition, so that -Ounchecked keeps it.
        guard running.exchange(true, ordering: .acquiring) == false else {
            fatalError("WorkerPool.run: a second region started while one is running (nested or concurrent caller)")
        }
        defer { running.store(false, ordering: .releasing) }
        guard parts <= Self.partMask else { fatalError("WorkerPool.run: \(parts) parts") }
        withoutActuallyEscaping(body) { escaping in
            job = escaping
            generation = (generation + 1) & 0x7FFF_FFFF
            completed.store(0, ordering: .relaxed)
            let base = (generation << (2 * Self.partBits)) | (parts << Self.partBits)
            // Sequentially consistent with the sleeper count below and with the worker's
            // increment-then-check: either a worker about to sleep sees this region, or this
            // thread sees the worker and wakes it. A release/acquire pair could lose the wake-up.
            state.store(base, ordering: .sequentiallyConsistent)
            if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
                wake.lock()
                wake.broadcast()
                wake.unlock()
            }
            while let part = claim(state.load(ordering: .acquiring)) {
                escaping(part)
                completed.add(1, ordering: .releasing)
            }
            var spins = 0
            while completed.load(ordering: .acquiring) < parts {
                spins += 1
                if spins & 1023 == 0 { sched_yield() } else { gptsh_cpu_relax() }
            }
            job = nil
        }
    }

    /// Takes the next part of the region `observed` describes, if there is one left.
    @inline(__always)
    private func claim(_ observed: Int) -> Int? {
        var s = observed
        while true {
            let parts = (s >> Self.partBits) & Self.partMask
            let next = s & Self.partMask
            guard next < parts else { return nil }
            let (exchanged, current) = state.compareExchange(
                expected: s, desired: s + 1, successOrdering: .acquiring, failureOrdering: .acquiring)
            if exchanged { return next }
            s = current
        }
    }

    private func loop() {
        var spins = 0
        while !retired.load(ordering: .acquiring) {
            if let part = claim(state.load(ordering: .acquiring)) {
                job!(part)
                completed.add(1, ordering: .releasing)
                spins = 0
                continue
            }
            spins += 1
            if spins < Self.spinsBeforeSleep {
                if spins & 1023 == 0 { sched_yield() } else { gptsh_cpu_relax() }
                continue
            }
            // Under the lock from the check to the wait, so a broadcast cannot fall in between.
            wake.lock()
            sleepers.add(1, ordering: .sequentiallyConsistent)
            while !claimable(state.load(ordering: .sequentiallyConsistent)),
                  !retired.load(ordering: .sequentiallyConsistent) {
                wake.wait()
            }
            sleepers.subtract(1, ordering: .sequentiallyConsistent)
            wake.unlock()
            spins = 0
        }
    }

    private func claimable(_ s: Int) -> Bool {
        (s & Self.partMask) < ((s >> Self.partBits) & Self.partMask)
    }
}
