import Foundation
import GPTEngine

/// What `show config` and `show stats` say about the processes training together.
extension ShowCommand {
    static func distributionRows(_ s: Session) -> [[String]] {
        let g = s.group, accum = s.hyper.gradientAccumulationSteps
        var batch = "\(Format.grouped(s.tokensPerStep)) tokens per step (batch_size × block_size × gradient_accumulation_steps)"
        var mpi = "off: one process (`mpirun -np N gptsh SCRIPT` trains on N)"
        if g.isDistributed {
            mpi = "on: \(Format.counted(g.size, "rank")) (Open MPI)"
            batch += accum % g.size == 0
                ? ", \(Format.counted(accum / g.size, "micro-batch")) on each rank"
                : "; gradient_accumulation_steps must be a multiple of \(g.size) to train"
        }
        return [["mpi", mpi], ["global batch", batch]]
    }

    static func reductionRows(_ g: ProcessGroup) -> [[String]] {
        guard g.isDistributed else { return [] }
        let ms = g.reduceCount > 0 ? g.reduceSeconds * 1000 / Double(g.reduceCount) : 0
        return [["allreduce", "\(String(format: "%.3f", ms)) ms per step over \(Format.counted(g.reduceCount, "step"))"]]
    }
}
