/// How an attention probability is drawn in a terminal: a shade character without colour, a
/// grey background with it. The same buckets serve both the single map and the grid.
enum AttentionShades {
    /// Lower bounds of the shade buckets; below the first a cell is blank. The faintest is
    /// low enough that a row spread evenly over 30 tokens still shows.
    static let bounds: [Float] = [0.02, 0.1, 0.25, 0.5, 0.75]
    static let glyphs: [Character] = ["·", "░", "▒", "▓", "█"]

    /// The glyph for `p` without colour, or nil for a blank cell.
    static func glyph(_ p: Float) -> Character? {
        guard let i = bounds.lastIndex(where: { p >= $0 }) else { return nil }
        return glyphs[i]
    }

    /// `width` columns showing `p`: a glyph repeated, or with colour a background from the
    /// terminal's grey ramp, 234 (dark grey, so that it differs from a black terminal's cells
    /// above the diagonal) for 0 to 255 (white) for 1.
    static func cell(_ p: Float, width: Int, color: Bool) -> String {
        if color {
            let level = 234 + Int((max(0, min(1, p)) * 21).rounded())
            return "\u{1B}[48;5;\(level)m" + String(repeating: " ", count: width) + "\u{1B}[0m"
        }
        return String(repeating: glyph(p) ?? " ", count: width)
    }

    static func legend(color: Bool) -> String {
        if color {
            return "shade: dark grey 0 … white 1; none above the diagonal (later tokens)"
        }
        var parts = ["blank < \(bounds[0])"]
        for (i, b) in bounds.enumerated() { parts.append("\(glyphs[i]) ≥ \(b)") }
        return "shade: " + parts.joined(separator: "  ")
    }
}
