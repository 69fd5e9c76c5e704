import Foundation

/// How numbers look in gptsh's output, in one place so every command agrees.
enum Format {
    static func loss(_ v: Float) -> String { String(format: "%.4f", Double(v)) }

    static func lr(_ v: Double) -> String { String(format: "%.1e", v) }

    static func milliseconds(_ v: Double) -> String { String(format: "%.1f", v) }

    /// `18.6k`, `1.2M`: throughput at a glance.
    static func rate(_ v: Double) -> String {
        if v >= 1e6 { return String(format: "%.1fM", v / 1e6) }
        if v >= 1e3 { return String(format: "%.1fk", v / 1e3) }
        return String(format: "%.0f", v)
    }

    /// `810,369`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    static func counted(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }

    static func seconds(_ s: Double) -> String {
        if s < 60 { return String(format: "%.1fs", s) }
        let whole = Int(s.rounded())
        if whole < 3600 { return "\(whole / 60)m \(whole % 60)s" }
        return "\(whole / 3600)h \(whole % 3600 / 60)m"
    }

    /// Numbers as a user would type them back: `0.001`, `3e-05`, `12`.
    static func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e15 { return String(Int(v)) }
        return String(format: "%g", v)
    }

    /// Left-aligned columns separated by two spaces; the last column is not padded.
    static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() where i < columns - 1 { widths[i] = max(widths[i], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i < row.count - 1 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) : cell
            }.joined(separator: "  ")
        }
    }
}

extension Format {
    /// `0:07`, `12:30`, `1:02:03`: elapsed time and time left on a status line.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.isFinite ? max(seconds, 0).rounded() : 0)
        let (h, m, sec) = (s / 3600, s % 3600 / 60, s % 60)
        let two = { (n: Int) in n < 10 ? "0\(n)" : "\(n)" }
        return h > 0 ? "\(h):\(two(m)):\(two(sec))" : "\(m):\(two(sec))"
    }
}
