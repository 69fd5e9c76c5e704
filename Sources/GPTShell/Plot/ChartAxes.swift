import Foundation

/// Where a chart's data falls: the ranges both axes show, their ticks, and the mapping of a
/// data point to fractions of the plot area (0 at the left and bottom, 1 at the right and top).
struct ChartAxes {
    let chart: Chart
    /// In axis units: log10 of the step on a logarithmic axis.
    let xRange: ClosedRange<Double>
    let yRange: ClosedRange<Double>
    let xTicks: [Double]
    let yTicks: [Double]

    init(_ chart: Chart) {
        self.chart = chart
        let points = chart.series.flatMap(\.points)
        var xs = points.map { chart.logX ? max($0.x, 1) : $0.x }
        if let m = chart.marker { xs.append(chart.logX ? max(m.x, 1) : m.x) }
        let ys = points.map(\.y)
        var xLow = xs.min() ?? 0, xHigh = xs.max() ?? 1
        if xHigh <= xLow { xHigh = xLow + 1 }
        var yLow = chart.yFromZero ? 0 : ys.min() ?? 0, yHigh = ys.max() ?? 1
        if yHigh <= yLow {
            let pad = max(abs(yHigh) * 0.1, 1e-9)
            (yLow, yHigh) = (chart.yFromZero ? 0 : yLow - pad, yHigh + pad)
        }
        // A margin, so that a curve does not run along the frame.
        let margin = (yHigh - yLow) * 0.05
        yRange = (chart.yFromZero ? 0 : yLow - margin)...(yHigh + margin)
        yTicks = Ticks.linear(yRange.lowerBound, yRange.upperBound, count: 6)
        if chart.logX {
            if xHigh <= xLow * 1.0001 { xHigh = xLow * 10 }
            xRange = log10(xLow)...log10(xHigh)
            xTicks = Ticks.logarithmic(xLow, xHigh)
        } else {
            if xLow > 0 && xLow < (xHigh - xLow) * 0.2 { xLow = 0 }
            xRange = xLow...xHigh
            // Steps are whole numbers, and so are their ticks.
            xTicks = Ticks.linear(xLow, xHigh, count: 6).filter { $0 == $0.rounded() }
        }
    }

    func x(_ v: Double) -> Double {
        let t = chart.logX ? log10(max(v, 1)) : v
        return (t - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
    }

    func y(_ v: Double) -> Double {
        (v - yRange.lowerBound) / (yRange.upperBound - yRange.lowerBound)
    }
}
