import Foundation
import GPTEngine

/// Keeps `train`'s status line current: redrawn after a step at most ten times a second
/// (faster only flickers and costs writes), and always after the last.
final class TrainProgress {
    static let redrawInterval: UInt64 = 100_000_000

    private let output: Output
    private let firstStep: Int
    private let target: Int
    private let start = DispatchTime.now().uptimeNanoseconds
    private var lastDraw: UInt64?
    /// Smoothed, so that the numbers can be read while they change.
    private var msPerStep: Double?
    private var tokensPerSecond: Double?

    /// nil when nobody would see a status line (not a terminal, or `--quiet`).
    init?(output: Output, from firstStep: Int, to target: Int) {
        guard output.showsStatus else { return nil }
        self.output = output
        self.firstStep = firstStep
        self.target = target
    }

    func update(_ record: Metrics.Step) {
        msPerStep = smoothed(msPerStep, record.ms)
        tokensPerSecond = smoothed(tokensPerSecond, record.tokensPerSecond)
        let now = DispatchTime.now().uptimeNanoseconds
        if let lastDraw, now - lastDraw < Self.redrawInterval, record.step < target { return }
        lastDraw = now
        let elapsed = Double(now - start) / 1e9
        let done = record.step - firstStep, total = target - firstStep
        let line = ProgressLine(step: record.step, target: target, fraction: Double(done) / Double(total),
                                loss: record.loss, lr: record.lr, msPerStep: msPerStep!,
                                tokensPerSecond: tokensPerSecond!, elapsed: elapsed,
                                remaining: done > 0 ? elapsed / Double(done) * Double(total - done) : nil)
        output.setStatus(line.render(columns: output.terminal.columns(), color: output.terminal.colorOnStderr))
    }

    func finish() { output.clearStatus() }

    private func smoothed(_ average: Double?, _ value: Double) -> Double {
        guard let average, value.isFinite else { return value }
        return average * 0.9 + value * 0.1
    }
}
