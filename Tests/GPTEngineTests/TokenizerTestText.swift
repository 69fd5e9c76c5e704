@testable import GPTEngine

/// Seeded random text with what breaks tokenizers: emoji (with ZWJ and skin tones), CJK,
/// combining marks, \r\n, control characters, other whitespace, apostrophes and digits.
struct RandomText {
    private var rng: RandomGenerator

    init(seed: UInt64) { rng = RandomGenerator(seed: seed) }

    private static let pools: [[String]] = [
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".map(String.init),
        "0123456789".map(String.init),
        [" ", " ", " ", "\n", "\r\n", "\t", "\r", "\u{A0}", "\u{3000}", "\u{2028}", "\u{85}"],
        ["'", "'s", "'t", "'re", "'LL", "'Ve"],
        "!?.,;:-_()[]{}\"#$%&*+/<=>@\\^`|~".map(String.init),
        "，。！？：；“”（）《》、…".map(String.init),
        "你好欢迎来到自然语言处理的世界是计算机科学和人工智能领域重要分支𠀋𪚥".map(String.init),
        "ひらがなカタカナ한국어".map(String.init),
        ["e\u{301}", "\u{308}", "a\u{20DD}", "ñ", "ß", "ø"],
        ["😀", "🎉", "👍🏽", "👩\u{200D}💻", "🇯🇵"],
        ["\u{0}", "\u{1}", "\u{1B}", "\u{1C}", "\u{7F}", "\u{FEFF}", "\u{200B}"],
        ["١٢٣", "²", "½", "Ⅻ", "〇", "עב", "हि"],
    ]

    mutating func next(maxParts: Int = 30) -> String {
        var s = ""
        for _ in 0..<(1 + rng.next(below: maxParts)) {
            let pool = Self.pools[rng.next(below: Self.pools.count)]
            for _ in 0..<(1 + rng.next(below: 4)) { s += pool[rng.next(below: pool.count)] }
        }
        return s
    }
}
