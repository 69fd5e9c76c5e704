/// The runs of two to four ideographs a text holds, as hashes: a filter that keeps, of the
/// millions of words a vector file may have, about those that can occur in the text, at a
/// memory cost set by the text rather than by the file.
struct IdeographNGrams {
    static let longest = 4
    /// Longer words are not looked for: they would almost never match a corpus whole.
    static let longestWord = 8
    private var hashes = Set<UInt64>()

    init(_ text: String) {
        let s = Array(text.unicodeScalars)
        for piece in WordSplitter.pieces(s) where piece.kind == .ideographs {
            for i in piece.range {
                var h = NGramHash.start
                for j in i..<min(piece.range.upperBound, i + Self.longest) {
                    h = NGramHash.add(s[j], to: h)
                    if j > i { hashes.insert(h) }
                }
            }
        }
    }

    /// False only for a word that cannot occur in the text: not all ideographs, too long, or
    /// its first or last four ideographs never do.
    func mayContain(_ word: String) -> Bool {
        let s = Array(word.unicodeScalars)
        guard (2...Self.longestWord).contains(s.count), s.allSatisfy({ WordSplitter.kind(of: $0) == .ideographs }) else { return false }
        let k = min(s.count, Self.longest)
        return hashes.contains(NGramHash.of(s.prefix(k))) && hashes.contains(NGramHash.of(s.suffix(k)))
    }
}
