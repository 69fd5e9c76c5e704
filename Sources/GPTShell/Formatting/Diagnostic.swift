/// The source line under an error message with a caret under the column, as compilers show it.
enum Diagnostic {
    /// Characters shown on each side of the column when a line is too long for a terminal.
    static let reach = 60

    static func excerpt(of line: String, column: Int) -> String {
        let chars = Array(line)
        let at = min(max(column - 1, 0), chars.count)
        let from = max(0, at - reach)
        let to = min(chars.count, at + reach)
        let lead = from > 0 ? "…" : ""
        let trail = to < chars.count ? "…" : ""
        let shown = chars[from..<to].map(visible)
        var pad = lead.isEmpty ? "" : " "
        for c in shown[..<(at - from)] {
            pad += c == "\t" ? "\t" : String(repeating: " ", count: width(of: c))
        }
        return lead + String(shown) + trail + "\n" + pad + "^\n"
    }

    /// Control characters would move the cursor or worse; show a placeholder instead.
    static func visible(_ c: Character) -> Character {
        c != "\t" && c.isControl ? "\u{FFFD}" : c
    }

    /// Terminal columns a character takes: 2 for East Asian wide characters and emoji.
    static func width(of c: Character) -> Int {
        guard let v = c.unicodeScalars.first?.value else { return 1 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }
}
