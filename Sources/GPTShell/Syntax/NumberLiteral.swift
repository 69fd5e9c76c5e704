/// Reads numbers as people write them in configs: `3`, `-0.5`, `.5`, `3e-4`, `1_000`.
/// Underscores may only sit between digits, so `1__0` and `_1` are not numbers.
enum NumberLiteral {
    static func value(of word: String) -> Double? {
        let chars = Array(word)
        var i = 0
        var digits = ""

        func take(_ allowed: (Character) -> Bool) -> Bool {
            guard i < chars.count, allowed(chars[i]) else { return false }
            digits.append(chars[i])
            i += 1
            return true
        }
        func digitRun() -> Bool {
            guard take(\.isASCIIDigit) else { return false }
            while i < chars.count {
                if chars[i] == "_", i + 1 < chars.count, chars[i + 1].isASCIIDigit {
                    i += 1
                } else if !take(\.isASCIIDigit) {
                    break
                }
            }
            return true
        }

        _ = take { $0 == "+" || $0 == "-" }
        let whole = digitRun()
        var fraction = false
        if take({ $0 == "." }) { fraction = digitRun() }
        guard whole || fraction else { return nil }
        if take({ $0 == "e" || $0 == "E" }) {
            _ = take { $0 == "+" || $0 == "-" }
            guard digitRun() else { return nil }
        }
        guard i == chars.count else { return nil }
        return Double(digits)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
