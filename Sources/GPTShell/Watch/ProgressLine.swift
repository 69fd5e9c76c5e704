/// The text of `train`'s status line: a bar, then the step and the numbers a person watches,
/// fitted to the terminal's width by leaving out the least needed ones.
struct ProgressLine {
    var step: Int
    var target: Int
    /// How far through this run, from 0 to 1 (the step count goes on across runs).
    var fraction: Double
    var loss: Float
    var lr: Double
    var msPerStep: Double
    var tokensPerSecond: Double
    var elapsed: Double
    var remaining: Double?

    static let minBar = 10, maxBar = 30

    func render(columns: Int, color: Bool) -> String {
        // Most needed first: fields are dropped from the end of this list until the line fits.
        var fields: [(order: Int, text: String)] = [
            (0, "\(step)/\(target)"),
            (1, "loss \(Format.loss(loss))"),
            (6, "ETA " + (remaining.map(Format.clock) ?? "-")),
            (5, "elapsed " + Format.clock(elapsed)),
            (3, "\(Format.milliseconds(msPerStep)) ms/step"),
            (4, "\(Format.rate(tokensPerSecond)) tok/s"),
            (2, "lr \(Format.lr(lr))"),
        ]
        let room = max(columns - 1, 1)
        func width(_ fs: [(order: Int, text: String)]) -> Int { fs.reduce(0) { $0 + $1.text.count + 2 } }
        while fields.count > 1 && width(fields) + Self.minBar + 2 > room { fields.removeLast() }
        let text = fields.sorted { $0.order < $1.order }.map(\.text).joined(separator: "  ")
        // The bar's two edges and the gap after it take four columns.
        let barWidth = min(Self.maxBar, room - text.count - 4)
        guard barWidth >= Self.minBar else { return String(text.prefix(room)) }
        return bar(width: barWidth, color: color) + "  " + text
    }

    /// Eighth blocks give the bar a smooth front edge.
    private func bar(width: Int, color: Bool) -> String {
        let eighths = Int((min(max(fraction, 0), 1) * Double(width * 8)).rounded(.down))
        var filled = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { filled.append(Array("▏▎▍▌▋▊▉")[eighths % 8 - 1]) }
        let empty = String(repeating: " ", count: width - filled.count)
        return "▕" + Style.cyan.paint(filled, color) + empty + "▏"
    }
}
