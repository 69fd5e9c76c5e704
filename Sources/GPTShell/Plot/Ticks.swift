import Foundation

/// Tick positions at round numbers (1, 2 or 5 times a power of ten), as people label axes.
enum Ticks {
    static func linear(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
        guard high > low else { return [low] }
        let rough = (high - low) / Double(max(count, 1))
        let exponent = floor(log10(rough))
        let multiple = [1.0, 2, 5, 10].first { $0 * pow(10, exponent) >= rough * 0.999 }!
        // k·multiple scaled by a power of ten once, rather than a running sum, so that a tick
        // is the double nearest its round value (2.2, not 2.2000000000000002).
        let tick = { (k: Double) in exponent < 0 ? k * multiple / pow(10, -exponent) : k * multiple * pow(10, exponent) }
        let step = tick(1)
        var ticks: [Double] = []
        var k = ceil(low / step - 1e-9)
        while tick(k) <= high + step * 1e-9 {
            ticks.append(tick(k) == 0 ? 0 : tick(k))
            k += 1
        }
        return ticks
    }

    /// Powers of ten, with 2 and 5 times them when the range spans few decades.
    static func logarithmic(_ low: Double, _ high: Double) -> [Double] {
        let first = Int(floor(log10(low))), last = Int(ceil(log10(high)))
        let multiples: [Double] = log10(high / low) <= 2.5 ? [1, 2, 5] : [1]
        var ticks: [Double] = []
        for e in first...last {
            for m in multiples {
                let v = m * pow(10, Double(e))
                if v >= low * (1 - 1e-9) && v <= high * (1 + 1e-9) { ticks.append(v) }
            }
        }
        return ticks
    }

    /// A tick value as short as it can be: `1500`, `20k`, `2.35`, `0.0005`, `1e-5`.
    static func label(_ v: Double) -> String {
        if v == 0 { return "0" }
        let a = abs(v)
        if a >= 10_000 && v.truncatingRemainder(dividingBy: 1000) == 0 {
            return a >= 1_000_000 && v.truncatingRemainder(dividingBy: 100_000) == 0
                ? String(format: "%gM", v / 1e6) : String(format: "%gk", v / 1e3)
        }
        return String(format: "%.4g", v).replacingOccurrences(of: "e-0", with: "e-")
    }
}
