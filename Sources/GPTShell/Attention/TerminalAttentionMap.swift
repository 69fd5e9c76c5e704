import Foundation
import GPTEngine

/// Attention maps as lines of text. One map: rows are queries, columns keys, each token
/// labelled (its index and text on the left, its text written downwards on top), two columns
/// a cell, so 30 tokens fit 80 columns. Several maps: a grid of small maps, one column a cell,
/// under a list of the tokens.
enum TerminalAttentionMap {
    static let rowLabelWidth = 10
    static let columnLabelLines = 3

    /// Causal attention of a prefix is exactly that part of the whole map, so a text too long
    /// for the terminal is shown as its first tokens.
    static func shown(_ maps: AttentionMaps, cellWidth: Int, margin: Int, columns: Int) -> Int {
        min(maps.count, max(1, (columns - margin) / cellWidth))
    }

    static func single(_ maps: AttentionMaps, layer: Int, head: Int, columns: Int, color: Bool) -> [String] {
        let margin = rowLabelWidth + 1
        let n = shown(maps, cellWidth: 2, margin: margin, columns: columns)
        var lines = ["layer \(layer), head \(head): row i is token i's attention over tokens 0…i"]
        let labels = maps.pieces.prefix(n).map { Array(visible($0).unicodeScalars) }
        for line in 0..<columnLabelLines {
            var text = String(repeating: " ", count: margin)
            for label in labels {
                let s = line < label.count ? String(label[line]) : ""
                text += TerminalWidth.pad(TerminalWidth.of(s) <= 2 ? s : "", 2)
            }
            lines.append(trimmed(text))
        }
        for q in 0..<n {
            var text = TerminalWidth.pad(TerminalWidth.fit("\(q) " + visible(maps.pieces[q]), rowLabelWidth), rowLabelWidth) + " "
            for k in 0...q { text += AttentionShades.cell(maps.value(layer: layer, head: head, query: q, key: k), width: 2, color: color) }
            lines.append(trimmed(text))
        }
        lines.append(AttentionShades.legend(color: color))
        if n < maps.count { lines.append(cutNote(n, maps.count)) }
        return lines
    }

    static func grid(_ maps: AttentionMaps, layers: [Int], heads: [Int], columns: Int, color: Bool) -> [String] {
        let n = shown(maps, cellWidth: 1, margin: 0, columns: columns)
        var lines = tokenList(maps.pieces.prefix(n), columns: columns)
        let titles = layers.flatMap { l in heads.map { h in (l, h) } }
        let width = max(n, 5)
        let perRow = max(1, (columns + 2) / (width + 2))
        var start = 0
        while start < titles.count {
            let row = titles[start..<min(start + perRow, titles.count)]
            lines.append("")
            lines.append(trimmed(row.map { TerminalWidth.pad("L\($0.0) H\($0.1)", width) }.joined(separator: "  ")))
            for q in 0..<n {
                let cells = row.map { l, h -> String in
                    var text = ""
                    for k in 0...q { text += AttentionShades.cell(maps.value(layer: l, head: h, query: q, key: k), width: 1, color: color) }
                    return text + String(repeating: " ", count: width - q - 1)
                }
                lines.append(trimmed(cells.joined(separator: "  ")))
            }
            start += perRow
        }
        lines.append(AttentionShades.legend(color: color))
        if n < maps.count { lines.append(cutNote(n, maps.count)) }
        return lines
    }

    /// "tokens: 0 你好  1 ，  2 欢迎", wrapped.
    static func tokenList(_ pieces: ArraySlice<String>, columns: Int) -> [String] {
        var lines: [String] = [], line = "tokens:"
        for (i, p) in pieces.enumerated() {
            let item = "  \(i) " + visible(p)
            if TerminalWidth.of(line + item) > columns && line != "tokens:" {
                lines.append(line)
                line = "       "
            }
            line += item
        }
        return lines + [line]
    }

    /// Spaces in a token shown as ␣, so " cat" reads apart from "cat".
    static func visible(_ piece: String) -> String {
        piece.replacingOccurrences(of: " ", with: "␣")
    }

    /// Rows are whole: earlier tokens never attend to later ones.
    private static func cutNote(_ n: Int, _ total: Int) -> String {
        "the first \(n) of \(total) tokens fit this width; PATH.svg draws them all"
    }

    /// Lines end without trailing spaces; a colour reset is not a trailing space.
    private static func trimmed(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}
