/// Columns a string takes in a terminal: East Asian wide and fullwidth characters take two.
enum TerminalWidth {
    static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + of($1) }
    }

    static func of(_ s: Unicode.Scalar) -> Int {
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }

    /// The longest prefix of `text` that fits in `columns`, with "…" when cut.
    static func fit(_ text: String, _ columns: Int) -> String {
        guard of(text) > columns else { return text }
        var out = "", used = 0
        for s in text.unicodeScalars {
            let w = of(s)
            if used + w > columns - 1 { break }
            out.unicodeScalars.append(s)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces to `columns`.
    static func pad(_ text: String, _ columns: Int) -> String {
        text + String(repeating: " ", count: max(0, columns - of(text)))
    }
}
