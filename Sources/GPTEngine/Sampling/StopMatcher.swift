/// Finds stop strings in generated text, and says how much of the text can be shown without
/// ever showing the beginning of a stop string that has not been completed yet.
struct StopMatcher {
    let stops: [String]

    init(_ stops: [String]) { self.stops = stops.filter { !$0.isEmpty } }

    /// The earliest stop string that occurs in `text` at or after character `from` (minus the
    /// length of a stop string, so matches across the boundary are found).
    func firstMatch(in text: String, from: Int) -> (String, String.Index)? {
        var best: (String, String.Index)?
        for stop in stops {
            let back = max(0, from - stop.count)
            let searchStart = text.index(text.startIndex, offsetBy: min(back, text.count))
            if let r = text[searchStart...].range(of: stop), best == nil || r.lowerBound < best!.1 {
                best = (stop, r.lowerBound)
            }
        }
        return best
    }

    /// The end of the text that is safe to show: before any suffix that is a prefix of a stop.
    func safeEnd(of text: String, from: Int) -> String.Index {
        var end = text.endIndex
        for stop in stops {
            for k in stride(from: min(stop.count - 1, text.count), through: 1, by: -1) {
                let start = text.index(text.endIndex, offsetBy: -k)
                if stop.hasPrefix(text[start...]) {
                    if start < end { end = start }
                    break
                }
            }
        }
        let floor = text.index(text.startIndex, offsetBy: min(from, text.count))
        return max(end, floor)
    }
}
