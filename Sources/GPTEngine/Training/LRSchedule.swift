import Foundation

/// nanoGPT's learning-rate schedule: linear warmup, cosine decay to `minLR` at `decayIters`,
/// constant after. `iteration` is the 0-based index of the step about to be taken.
public struct LRSchedule: Equatable, Sendable {
    public var maxLR: Double
    public var minLR: Double
    public var warmupIters: Int
    public var decayIters: Int

    public init(maxLR: Double, minLR: Double, warmupIters: Int, decayIters: Int) {
        self.maxLR = maxLR
        self.minLR = minLR
        self.warmupIters = warmupIters
        self.decayIters = decayIters
    }

    public func lr(at iteration: Int) -> Double {
        if iteration < warmupIters {
            return maxLR * Double(iteration + 1) / Double(warmupIters + 1)
        }
        if iteration > decayIters || decayIters <= warmupIters {
            return minLR
        }
        let ratio = Double(iteration - warmupIters) / Double(decayIters - warmupIters)
        let coeff = 0.5 * (1 + cos(Double.pi * ratio))
        return minLR + coeff * (maxLR - minLR)
    }
}
