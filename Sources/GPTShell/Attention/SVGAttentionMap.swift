import Foundation
import GPTEngine

/// Attention maps as a standalone SVG: one map per (layer, head) in a grid, queries down and
/// keys across, every token labelled on both axes, white for 0 to dark blue for 1, and each
/// cell's exact value in its tooltip (`<title>`).
enum SVGAttentionMap {
    static let low = (r: 255.0, g: 255.0, b: 255.0), high = (r: 8.0, g: 48.0, b: 107.0)

    static func render(_ maps: AttentionMaps, layers: [Int], heads: [Int], title: String) -> String {
        let n = maps.count
        let single = layers.count * heads.count == 1
        let cell = single ? max(14.0, min(28.0, 640.0 / Double(n))) : max(8.0, min(20.0, 320.0 / Double(n)))
        let font = min(14.0, cell * 0.75)
        // A wide (CJK) character is about one font size across, a narrow one about half.
        let longest = maps.pieces.map { TerminalWidth.of(TerminalAttentionMap.visible($0)) }.max() ?? 1
        let labelRoom = single || n <= 40 ? Double(min(longest, 16)) * font * 0.55 + 10 : 0
        let mapSize = Double(n) * cell
        let perRow = single ? 1 : max(1, min(heads.count * layers.count, Int(1400 / (mapSize + labelRoom + 30))))
        let panels = layers.flatMap { l in heads.map { h in (l, h) } }
        let rows = (panels.count + perRow - 1) / perRow
        let panelWidth = labelRoom + mapSize + 30, panelHeight = labelRoom + mapSize + 54
        let width = max(760, Double(perRow) * panelWidth + 40, Double(TerminalWidth.of(title)) * 10.5 + 40), height = Double(rows) * panelHeight + 120
        var svg = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
            viewBox="0 0 \(Int(width)) \(Int(height))" font-family="DejaVu Sans, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif">
            <title>\(SVGChart.escape(title))</title>
            <rect width="100%" height="100%" fill="white"/>
            <text x="20" y="30" font-size="18" font-weight="bold">\(SVGChart.escape(title))</text>
            <text x="20" y="52" font-size="13" fill="#555">row: the attending token (query); column: the token attended to (key); white 0, dark blue 1</text>

            """
        for (i, (l, h)) in panels.enumerated() {
            let x0 = 20 + Double(i % perRow) * panelWidth, y0 = 80 + Double(i / perRow) * panelHeight
            let gx = x0 + labelRoom, gy = y0 + labelRoom + 30
            svg += "<text x=\"\(f(gx))\" y=\"\(f(y0 + 14))\" font-size=\"13\" font-weight=\"bold\">layer \(l), head \(h)</text>\n"
            if labelRoom > 0 {
                svg += "<g font-size=\"\(f(font))\" fill=\"#333\">\n"
                for (t, piece) in maps.pieces.enumerated() {
                    let label = SVGChart.escape(TerminalAttentionMap.visible(piece))
                    let cy = gy + (Double(t) + 0.5) * cell + font * 0.35
                    svg += "<text x=\"\(f(gx - 4))\" y=\"\(f(cy))\" text-anchor=\"end\">\(label)</text>\n"
                    let cx = gx + (Double(t) + 0.5) * cell + font * 0.35
                    svg += "<text x=\"\(f(cx))\" y=\"\(f(gy - 4))\" transform=\"rotate(-60 \(f(cx)) \(f(gy - 4)))\">\(label)</text>\n"
                }
                svg += "</g>\n"
            }
            svg += "<rect x=\"\(f(gx))\" y=\"\(f(gy))\" width=\"\(f(mapSize))\" height=\"\(f(mapSize))\" fill=\"#f4f4f4\" stroke=\"#999\"/>\n"
            for q in 0..<n {
                for k in 0...q {
                    let p = maps.value(layer: l, head: h, query: q, key: k)
                    svg += "<rect x=\"\(f(gx + Double(k) * cell))\" y=\"\(f(gy + Double(q) * cell))\" width=\"\(f(cell))\" height=\"\(f(cell))\" "
                        + "fill=\"\(color(p))\"><title>layer \(l) head \(h) query \(q) key \(k): \(String(format: "%.6f", Double(p)))</title></rect>\n"
                }
            }
        }
        let scaleY = height - 34
        svg += "<defs><linearGradient id=\"scale\"><stop offset=\"0\" stop-color=\"\(color(0))\"/><stop offset=\"1\" stop-color=\"\(color(1))\"/></linearGradient></defs>\n"
        svg += "<rect x=\"40\" y=\"\(f(scaleY))\" width=\"200\" height=\"12\" fill=\"url(#scale)\" stroke=\"#999\"/>\n"
        svg += "<text x=\"34\" y=\"\(f(scaleY + 11))\" font-size=\"12\" text-anchor=\"end\">0</text>\n"
        svg += "<text x=\"246\" y=\"\(f(scaleY + 11))\" font-size=\"12\">1</text>\n"
        svg += "<text x=\"270\" y=\"\(f(scaleY + 11))\" font-size=\"12\" fill=\"#555\">grey: a later token, which the query cannot see</text>\n"
        return svg + "</svg>\n"
    }

    /// Linear from white to dark blue.
    static func color(_ p: Float) -> String {
        let t = Double(max(0, min(1, p)))
        let c = [low.r + (high.r - low.r) * t, low.g + (high.g - low.g) * t, low.b + (high.b - low.b) * t]
        return "#" + c.map { String(format: "%02x", Int($0.rounded())) }.joined()
    }

    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
