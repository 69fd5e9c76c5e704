import Foundation

/// Open MPI's C interface, found at run time with dlopen so that gptsh builds and runs without
/// MPI and one binary serves both. Open MPI's handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, …) are
/// the addresses of its exported `ompi_mpi_*` objects, which is what mpi.h's macros expand to.
final class MPILibrary {
    typealias Handle = UnsafeMutableRawPointer
    private typealias InitThread = @convention(c) (UnsafeMutablePointer<Int32>?, UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?, Int32, UnsafeMutablePointer<Int32>) -> Int32
    private typealias CommQuery = @convention(c) (Handle, UnsafeMutablePointer<Int32>) -> Int32
    private typealias Allreduce = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer, Int32, Handle, Handle, Handle) -> Int32
    private typealias Barrier = @convention(c) (Handle) -> Int32
    private typealias Abort = @convention(c) (Handle, Int32) -> Int32
    private typealias Finalize = @convention(c) () -> Int32

    /// The sonames Debian's libopenmpi3 installs, newest ABI first.
    static let names = ["libmpi.so.40", "libmpi.so"]
    /// mpi.h: MPI_IN_PLACE is ((void *) 1); MPI_THREAD_FUNNELED is 1.
    private static let inPlace = UnsafeRawPointer(bitPattern: 1)
    private static let threadFunneled: Int32 = 1

    private let initThread: InitThread
    private let commRank: CommQuery
    private let commSize: CommQuery
    private let allreduce: Allreduce
    private let barrierCall: Barrier
    private let abortCall: Abort
    private let finalizeCall: Finalize
    private let world: Handle
    let float: Handle, double: Handle, uint64: Handle
    let sum: Handle, max: Handle, min: Handle

    /// Loads libmpi with its symbols global, as Open MPI's own plugins need to find them.
    init() throws {
        var failures: [String] = []
        var library: UnsafeMutableRawPointer?
        for name in Self.names {
            library = dlopen(name, RTLD_NOW | RTLD_GLOBAL)
            if library != nil { break }
            failures.append(String(cString: dlerror()))
        }
        guard let library else {
            throw EngineError.state("gptsh runs under mpirun but cannot load Open MPI's library (\(failures.joined(separator: "; "))): "
                + "install it with `scripts/setup mpi` (Debian's openmpi-bin and libopenmpi-dev)")
        }
        func symbol(_ name: String) throws -> UnsafeMutableRawPointer {
            guard let address = dlsym(library, name) else {
                throw EngineError.state("the loaded MPI library has no \(name): gptsh needs Open MPI 4 or later")
            }
            return address
        }
        func function<F>(_ name: String, as type: F.Type) throws -> F { unsafeBitCast(try symbol(name), to: type) }
        initThread = try function("MPI_Init_thread", as: InitThread.self)
        commRank = try function("MPI_Comm_rank", as: CommQuery.self)
        commSize = try function("MPI_Comm_size", as: CommQuery.self)
        allreduce = try function("MPI_Allreduce", as: Allreduce.self)
        barrierCall = try function("MPI_Barrier", as: Barrier.self)
        abortCall = try function("MPI_Abort", as: Abort.self)
        finalizeCall = try function("MPI_Finalize", as: Finalize.self)
        world = try symbol("ompi_mpi_comm_world")
        float = try symbol("ompi_mpi_float")
        double = try symbol("ompi_mpi_double")
        uint64 = try symbol("ompi_mpi_uint64_t")
        sum = try symbol("ompi_mpi_op_sum")
        max = try symbol("ompi_mpi_op_max")
        min = try symbol("ompi_mpi_op_min")
    }

    /// MPI_Init_thread at the funneled level: the worker pool computes, only this thread talks.
    /// Open MPI's default error handler ends the job on any failed call, so results need no check.
    func start() -> (rank: Int, size: Int) {
        var provided: Int32 = 0
        _ = initThread(nil, nil, Self.threadFunneled, &provided)
        var rank: Int32 = 0, size: Int32 = 0
        _ = commRank(world, &rank)
        _ = commSize(world, &size)
        return (Int(rank), Int(size))
    }

    /// In-place allreduce of `count` elements of `type` at `buffer`.
    func allreduce(_ buffer: UnsafeMutableRawPointer, count: Int32, type: Handle, op: Handle) {
        _ = allreduce(Self.inPlace, buffer, count, type, op, world)
    }

    func barrier() { _ = barrierCall(world) }

    func abort(code: Int32) { _ = abortCall(world, code) }

    func finalize() { _ = finalizeCall() }
}
