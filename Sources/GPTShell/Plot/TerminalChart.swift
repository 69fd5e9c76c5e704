import Foundation

/// A chart as lines of text: Braille curves inside labelled axes, fitted to the terminal's width.
enum TerminalChart {
    static let rows = 14
    static let palette: [Style] = [.cyan, .yellow, .magenta, .green]

    static func render(_ chart: Chart, columns: Int, color: Bool) -> [String] {
        let axes = ChartAxes(chart)
        let yLabels = axes.yTicks.filter { (0...1).contains(axes.y($0)) }.map { ($0, Ticks.label($0)) }
        let margin = max(yLabels.map(\.1.count).max() ?? 1, chart.yLabel.count)
        // Room at the right end of the axis line for the axis's name.
        let cells = max(columns - margin - 3 - chart.xLabel.count - 1, 10)
        var canvas = BrailleCanvas(columns: cells, rows: rows)
        let dot = { (p: Chart.Point) in
            (Int((axes.x(p.x) * Double(canvas.width - 1)).rounded()),
             Int(((1 - axes.y(p.y)) * Double(canvas.height - 1)).rounded()))
        }
        for (i, series) in chart.series.enumerated() {
            let points = series.points.map(dot)
            if points.count == 1 { canvas.set(points[0].0, points[0].1, series: i) }
            for (a, b) in zip(points, points.dropFirst()) {
                canvas.line(from: a, to: b, series: i, dashed: series.style != .line)
            }
            if series.style == .markers {
                for p in points { canvas.mark(p.0, p.1, with: "●", series: i) }
            }
        }
        let paint = { (text: String, series: Int?) -> String in
            guard let series else { return text }
            return series < chart.series.count ? palette[series % palette.count].paint(text, color) : Style.dim.paint(text, color)
        }

        var lines = [fit(chart.title + (chart.subtitle.isEmpty ? "" : " · " + chart.subtitle), columns)]
        var legend = chart.yLabel.padding(toLength: margin, withPad: " ", startingAt: 0) + "   "
        for (i, series) in chart.series.enumerated() {
            legend += paint(symbol(series.style), i) + " " + series.name + "   "
        }
        if let marker = chart.marker { legend += paint("┆", chart.series.count) + " " + marker.label }
        lines.append(legend)

        var labelAt: [Int: String] = [:]
        for (v, label) in yLabels {
            let row = dot(Chart.Point(x: 0, y: v)).1 / 4
            if labelAt[row] == nil { labelAt[row] = label }
        }
        // The marker is a column of its own characters where no curve passes.
        let markerCell = chart.marker.map { dot(Chart.Point(x: $0.x, y: 0)).0 / 2 }
        for r in 0..<rows {
            let label = labelAt[r].map { String(repeating: " ", count: margin - $0.count) + $0 + " ┤" }
                ?? String(repeating: " ", count: margin) + " │"
            let cells = canvas.row(r).enumerated().map { c, cell in
                c == markerCell && cell.1 == nil ? paint("┆", chart.series.count) : paint(String(cell.0), cell.1)
            }
            lines.append(label + cells.joined())
        }
        lines += xAxis(axes, canvas: canvas, margin: margin, dot: dot)
        return lines.map { $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression) }
    }

    /// The axis line with a tick under each labelled step, and the labels without overlaps.
    private static func xAxis(_ axes: ChartAxes, canvas: BrailleCanvas, margin: Int,
                              dot: (Chart.Point) -> (Int, Int)) -> [String] {
        var axis = Array(repeating: Character("─"), count: canvas.columns)
        var labels = Array(repeating: Character(" "), count: canvas.columns + 1)
        var free = 0
        for v in axes.xTicks where (0...1).contains(axes.x(v)) {
            let cell = dot(Chart.Point(x: v, y: 0)).0 / 2
            let text = Array(Ticks.label(v))
            let start = min(max(cell - text.count / 2, 0), labels.count - text.count)
            guard start >= free else { continue }
            axis[min(cell, canvas.columns - 1)] = "┬"
            labels.replaceSubrange(start..<start + text.count, with: text)
            free = start + text.count + 1
        }
        let pad = String(repeating: " ", count: margin + 1)
        return [pad + "└" + String(axis) + " " + axes.chart.xLabel, pad + " " + String(labels)]
    }

    private static func symbol(_ style: Chart.Series.Style) -> String {
        switch style {
        case .line: return "──"
        case .markers: return "●"
        case .dashed: return "┄┄"
        }
    }

    private static func fit(_ text: String, _ columns: Int) -> String {
        text.count <= columns ? text : String(text.prefix(max(columns - 1, 1))) + "…"
    }
}
