import Foundation

/// The processes that train one model together: a single process, or the ranks of an Open MPI
/// job (`mpirun -np N gptsh train.gpt`). Every rank replays the same commands on the same data;
/// the collectives below are what keeps them one model. With one process each is a no-op.
public final class ProcessGroup {
    public let rank: Int
    public let size: Int
    /// How many ranks run on this machine and share its cores.
    public let localSize: Int
    private let mpi: MPILibrary?
    /// Time spent in the gradient allreduce and how many there were, for `show stats` and the benchmark.
    public private(set) var reduceSeconds = 0.0
    public private(set) var reduceCount = 0

    /// The job's size as mpirun announces it to each process it starts.
    public static let sizeVariable = "OMPI_COMM_WORLD_SIZE"

    public init() {
        rank = 0
        size = 1
        localSize = 1
        mpi = nil
    }

    private init(mpi: MPILibrary, localSize: Int) {
        self.mpi = mpi
        self.localSize = localSize
        (rank, size) = mpi.start()
    }

    /// The MPI job this process was started in by mpirun, or a single process otherwise.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ProcessGroup {
        guard environment[sizeVariable] != nil else { return ProcessGroup() }
        let local = environment["OMPI_COMM_WORLD_LOCAL_SIZE"].flatMap { Int($0) }.map { Swift.max($0, 1) } ?? 1
        return ProcessGroup(mpi: try MPILibrary(), localSize: local)
    }

    /// True under mpirun, even with one rank: the job is then driven by MPI.
    public var isDistributed: Bool { mpi != nil }
    /// Rank 0 alone prints, logs, samples and writes files.
    public var isPrimary: Bool { rank == 0 }

    /// Sums `count` floats at `buffer` over the ranks, in place. Open MPI's reductions combine
    /// the same operands in the same order for every rank, so all ranks get the same bits.
    func sum(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
        guard let mpi else { return }
        let start = DispatchTime.now().uptimeNanoseconds
        var done = 0
        while done < count {
            let n = Swift.min(count - done, Int(Int32.max))
            mpi.allreduce(buffer + done, count: Int32(n), type: mpi.float, op: mpi.sum)
            done += n
        }
        reduceSeconds += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        reduceCount += 1
    }

    /// Sums a few numbers over the ranks (losses, counts).
    func sum(_ values: [Double]) -> [Double] {
        guard let mpi else { return values }
        var v = values
        v.withUnsafeMutableBytes { mpi.allreduce($0.baseAddress!, count: Int32(values.count), type: mpi.double, op: mpi.sum) }
        return v
    }

    /// Whether `flag` holds on any rank: a stop that one rank sees is taken by all at the same step.
    func any(_ flag: Bool) -> Bool {
        guard mpi != nil else { return flag }
        return sum([flag ? 1 : 0])[0] > 0
    }

    /// Whether every rank holds the same `value`.
    func agree(_ value: UInt64) -> Bool {
        guard let mpi else { return true }
        var low = value, high = value
        withUnsafeMutableBytes(of: &low) { mpi.allreduce($0.baseAddress!, count: 1, type: mpi.uint64, op: mpi.min) }
        withUnsafeMutableBytes(of: &high) { mpi.allreduce($0.baseAddress!, count: 1, type: mpi.uint64, op: mpi.max) }
        return low == high
    }

    /// Waits until every rank is here: after rank 0 writes a file the others may read it.
    func barrier() { mpi?.barrier() }

    /// Ends every rank of the job with `code`; a rank that failed must not leave the others
    /// waiting in a collective. The pause of `delay` seconds lets ranks that fail at the same
    /// command (all of them, for a bad path in the script) report it before MPI_Abort ends them.
    public func abort(code: Int32, after delay: Double) -> Never {
        if size > 1 { usleep(UInt32(delay * 1e6)) }
        mpi?.abort(code: code)
        exit(code)
    }

    /// Leaves the job cleanly; every rank calls it once, at the end.
    public func finish() { mpi?.finalize() }
}
