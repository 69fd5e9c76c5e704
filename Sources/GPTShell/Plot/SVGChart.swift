import Foundation

/// A chart as a standalone SVG document: title, axes with ticks and labels, grid, the series
/// and a legend. Plain SVG 1.1 that browsers and rsvg-convert draw alike.
enum SVGChart {
    static let width = 960.0, height = 540.0
    /// The plot area inside the margins that hold the labels.
    static let left = 84.0, right = width - 28, top = 78.0, bottom = height - 64
    static let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"]

    static func render(_ chart: Chart) -> String {
        let axes = ChartAxes(chart)
        let px = { (v: Double) in left + axes.x(v) * (right - left) }
        let py = { (v: Double) in bottom - axes.y(v) * (bottom - top) }
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">
            <title>\(escape(chart.title))</title>
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(width / 2)" y="30" text-anchor="middle" font-size="19" font-weight="bold">\(escape(chart.title))</text>
            <text x="\(width / 2)" y="53" text-anchor="middle" font-size="13" fill="#555">\(escape(chart.subtitle))</text>

            """
        svg += "<g stroke=\"#e6e6e6\" stroke-width=\"1\">\n"
        let yTicks = axes.yTicks.filter { (0...1).contains(axes.y($0)) }
        let xTicks = axes.xTicks.filter { (0...1).contains(axes.x($0)) }
        for v in yTicks { svg += "<line x1=\"\(left)\" y1=\(q(py(v))) x2=\"\(right)\" y2=\(q(py(v)))/>\n" }
        for v in xTicks { svg += "<line x1=\(q(px(v))) y1=\"\(top)\" x2=\(q(px(v))) y2=\"\(bottom)\"/>\n" }
        svg += "</g>\n<g stroke=\"#333\" stroke-width=\"1.2\">\n"
        svg += "<line x1=\"\(left)\" y1=\"\(bottom)\" x2=\"\(right)\" y2=\"\(bottom)\"/>\n"
        svg += "<line x1=\"\(left)\" y1=\"\(top)\" x2=\"\(left)\" y2=\"\(bottom)\"/>\n"
        for v in yTicks { svg += "<line x1=\"\(left - 6)\" y1=\(q(py(v))) x2=\"\(left)\" y2=\(q(py(v)))/>\n" }
        for v in xTicks { svg += "<line x1=\(q(px(v))) y1=\"\(bottom)\" x2=\(q(px(v))) y2=\"\(bottom + 6)\"/>\n" }
        svg += "</g>\n<g font-size=\"13\" fill=\"#333\">\n"
        for v in yTicks {
            svg += "<text x=\"\(left - 10)\" y=\(q(py(v) + 4.5)) text-anchor=\"end\">\(escape(Ticks.label(v)))</text>\n"
        }
        for v in xTicks {
            svg += "<text x=\(q(px(v))) y=\"\(bottom + 22)\" text-anchor=\"middle\">\(escape(Ticks.label(v)))</text>\n"
        }
        let middle = (top + bottom) / 2
        svg += "<text x=\"\((left + right) / 2)\" y=\"\(height - 18)\" text-anchor=\"middle\" font-size=\"15\">\(escape(chart.xLabel))</text>\n"
        svg += "<text x=\"22\" y=\(q(middle)) text-anchor=\"middle\" font-size=\"15\" transform=\"rotate(-90 22 \(format(middle)))\">\(escape(chart.yLabel))</text>\n"
        svg += "</g>\n"
        if let marker = chart.marker {
            let x = px(marker.x)
            svg += "<line x1=\(q(x)) y1=\"\(top)\" x2=\(q(x)) y2=\"\(bottom)\" stroke=\"#999\" stroke-width=\"1.2\" stroke-dasharray=\"3 3\"/>\n"
        }
        for (i, series) in chart.series.enumerated() where !series.points.isEmpty {
            let color = colors[i % colors.count]
            let points = series.points.map { "\(format(px($0.x))),\(format(py($0.y)))" }.joined(separator: " ")
            let dash = series.style == .dashed ? " stroke-dasharray=\"7 5\"" : ""
            svg += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" stroke-linejoin=\"round\"\(dash) points=\"\(points)\"/>\n"
            if series.style == .markers {
                svg += "<g fill=\"\(color)\">\n"
                for p in series.points { svg += "<circle cx=\(q(px(p.x))) cy=\(q(py(p.y))) r=\"3.5\"/>\n" }
                svg += "</g>\n"
            }
        }
        svg += legend(chart)
        return svg + "</svg>\n"
    }

    /// A box in the top right corner of the plot area naming each series.
    private static func legend(_ chart: Chart) -> String {
        var entries = chart.series.enumerated().map { (i, s) in (s.name, colors[i % colors.count], s.style) }
        if let marker = chart.marker { entries.append((marker.label, "#999", .dashed)) }
        let longest = entries.map(\.0.count).max() ?? 0
        let boxWidth = 52 + Double(longest) * 7.6, rowHeight = 20.0
        let x = right - boxWidth - 12, y = top + 12
        var svg = "<g font-size=\"13\">\n"
        svg += "<rect x=\(q(x)) y=\(q(y)) width=\(q(boxWidth)) height=\(q(rowHeight * Double(entries.count) + 10)) "
            + "fill=\"white\" fill-opacity=\"0.9\" stroke=\"#bbb\"/>\n"
        for (n, entry) in entries.enumerated() {
            let rowY = y + 5 + rowHeight * (Double(n) + 0.5)
            let dash = entry.2 == .dashed ? " stroke-dasharray=\"5 3\"" : ""
            svg += "<line x1=\(q(x + 10)) y1=\(q(rowY)) x2=\(q(x + 36)) y2=\(q(rowY)) stroke=\"\(entry.1)\" stroke-width=\"2.5\"\(dash)/>\n"
            if entry.2 == .markers { svg += "<circle cx=\(q(x + 23)) cy=\(q(rowY)) r=\"3.5\" fill=\"\(entry.1)\"/>\n" }
            svg += "<text x=\(q(x + 44)) y=\(q(rowY + 4.5))>\(escape(entry.0))</text>\n"
        }
        return svg + "</g>\n"
    }

    private static func format(_ v: Double) -> String { String(format: "%.1f", v) }

    private static func q(_ v: Double) -> String { "\"\(format(v))\"" }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
