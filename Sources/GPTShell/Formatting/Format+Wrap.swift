extension Format {
    /// `text` broken at spaces into lines of at most `width` columns (a longer word stands
    /// alone on its line); continuation lines start with `indent` spaces.
    static func wrap(_ text: String, width: Int, indent: Int = 0) -> [String] {
        let room = max(width - 1, 20)
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let w = Diagnostic.width(of: String(word))
            let lead = lines.isEmpty ? 0 : indent
            if lineWidth > 0 && lead + lineWidth + 1 + w > room {
                lines.append(line)
                line = ""
                lineWidth = 0
            }
            if lineWidth > 0 {
                line += " "
                lineWidth += 1
            }
            line += word
            lineWidth += w
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        let pad = String(repeating: " ", count: indent)
        return lines.enumerated().map { i, l in i == 0 ? l : pad + l }
    }

    /// `table`, with the last column wrapped so that every line fits in `width` columns.
    static func table(_ rows: [[String]], width: Int) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        guard columns > 1 else { return rows.flatMap { wrap($0.first ?? "", width: width) } }
        var widths = [Int](repeating: 0, count: columns - 1)
        for row in rows {
            for (i, cell) in row.enumerated() where i < columns - 1 { widths[i] = max(widths[i], cell.count) }
        }
        let lead = widths.reduce(0) { $0 + $1 + 2 }
        // A first column too wide to leave room puts the text on the lines below it.
        let indent = width - lead >= 24 ? lead : 6
        return rows.flatMap { row -> [String] in
            let cells = row.dropLast().enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
            let head = cells.joined(separator: "  ")
            guard let last = row.last, row.count == columns else { return [head] }
            let pad = String(repeating: " ", count: indent)
            let text = wrap(last, width: width - indent)
            if indent == lead { return text.enumerated().map { i, l in (i == 0 ? head + "  " : pad) + l } }
            return wrap(head.trimmingTrailingSpaces, width: width, indent: 2) + text.map { pad + $0 }
        }
    }
}

extension Diagnostic {
    static func width(of text: String) -> Int { text.reduce(0) { $0 + width(of: $1) } }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
