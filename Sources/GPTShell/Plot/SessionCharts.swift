import Foundation
import GPTEngine

/// The charts `plot` draws from what the session has measured and planned.
enum SessionCharts {
    /// Train loss from the logged steps (or the evaluations when no step was logged) and
    /// val loss from the evaluations.
    static func loss(_ session: Session, logSteps: Bool) -> Chart {
        let m = session.metrics
        let train = m.steps.isEmpty
            ? m.evaluations.map { Chart.Point(x: Double($0.step), y: Double($0.trainLoss)) }
            : m.steps.map { Chart.Point(x: Double($0.step), y: Double($0.loss)) }
        let val = m.evaluations.compactMap { e in e.valLoss.map { Chart.Point(x: Double(e.step), y: Double($0)) } }
        return Chart(title: "Training and validation loss", subtitle: configuration(session), xLabel: "step",
                     yLabel: "loss",
                     series: [Chart.Series(name: "train", points: train.filter { $0.y.isFinite }, style: .line),
                              Chart.Series(name: "val", points: val.filter { $0.y.isFinite }, style: .markers)],
                     logX: logSteps)
    }

    /// The schedule with the current settings: solid up to the current step, dashed on to the
    /// horizon (where the decay ends, or where the latest run aimed, whichever is later).
    static func learningRate(_ session: Session, horizon target: Int?, logSteps: Bool) -> Chart {
        let h = session.hyper, now = session.iteration
        let horizon = max(h.lrDecayIters, target ?? 0, now, 1)
        // Steps are 1-based in the log; step s trains with the rate at iteration s - 1.
        let point = { (s: Int) in Chart.Point(x: Double(s), y: h.schedule.lr(at: s - 1)) }
        let corners = [h.warmupIters + 1, h.lrDecayIters + 1]
        let past = now > 0 ? steps(1, now, corners).map(point) : []
        let future = steps(max(now, 1), horizon, corners).map(point)
        return Chart(title: "Learning-rate schedule", subtitle: configuration(session), xLabel: "step",
                     yLabel: "lr",
                     series: [Chart.Series(name: "so far", points: past, style: .line),
                              Chart.Series(name: "planned", points: future, style: .dashed)],
                     logX: logSteps, yFromZero: true, marker: (Double(now), "now (step \(now))"))
    }

    /// About 400 steps from `first` to `last`, and the corners of the schedule between them
    /// (the ends of warmup and decay), so that the drawn line keeps its shape.
    private static func steps(_ first: Int, _ last: Int, _ corners: [Int]) -> [Int] {
        guard last > first else { return [first] }
        let every = max(1, (last - first) / 400)
        let inside = corners.filter { $0 > first && $0 < last }
        return Set(stride(from: first, to: last, by: every)).union(inside).union([last]).sorted()
    }

    /// What the chart is about, for its subtitle.
    static func configuration(_ session: Session) -> String {
        let h = session.hyper
        var parts: [String] = []
        if let corpus = session.corpus { parts.append((corpus.path as NSString).lastPathComponent) }
        if let c = session.model?.config {
            parts.append("\(Format.counted(c.nLayer, "layer")), \(Format.counted(c.nHead, "head")), \(c.nEmbd) wide, block \(c.blockSize), vocab \(c.vocabSize)")
        }
        parts.append("batch \(h.batchSize)")
        parts.append("lr \(Format.number(h.learningRate))")
        parts.append("step \(session.iteration)")
        return parts.joined(separator: " · ")
    }
}
