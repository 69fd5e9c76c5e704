/// Terminal colours (SGR codes), applied only where the terminal allows colour.
enum Style: String {
    case bold = "1", dim = "2", red = "31", green = "32", yellow = "33", blue = "34", magenta = "35", cyan = "36"

    func paint(_ text: String, _ enabled: Bool) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Columns `text` takes once its colour codes are left out.
    static func visibleWidth(_ text: String) -> Int {
        var width = 0, inEscape = false
        for c in text.unicodeScalars {
            if inEscape {
                if c == "m" { inEscape = false }
            } else if c == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }
}
