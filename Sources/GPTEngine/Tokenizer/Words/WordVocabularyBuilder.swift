/// Builds a `WordTokenizer` from a training text. Chinese words come from a dictionary (the
/// words of a word-vector file) or, without one, are discovered in the text: a run of two to
/// four ideographs is a word when it occurs at least `minCount` times and its parts occur
/// together far more often than chance would have them (`cohesion`). The text is then
/// segmented, and every piece and every non-ASCII character that occurs at least `minCount`
/// times becomes a token, the most frequent first.
public struct WordVocabularyBuilder {
    public let minCount: Int
    /// For a discovered word w cut anywhere into l + r: count(w)·N / (count(l)·count(r)) at
    /// least this, N the number of ideographs in the text. Free of the text's size; 40 keeps
    /// the fixed phrases of zh-fortunes and drops most chance neighbours.
    public static let cohesion = 40.0
    public static let longestDiscoveredWord = 4

    public init(minCount: Int) {
        self.minCount = max(1, minCount)
    }

    /// The tokenizer, and how many distinct dictionary words the segmentation of `text` used.
    public func build(text: String, dictionary: Set<String>?) throws -> (tokenizer: WordTokenizer, wordsUsed: Int) {
        // Special tokens encode whole, so the words inside them are not the text's words.
        let parts = text.split(separator: SpecialToken.endOfText).map { Array($0.unicodeScalars) }
        let pieces = parts.map(WordSplitter.pieces)
        let segmenter = WordSegmenter(words: dictionary ?? discoverWords(parts, pieces))
        var counts: [String: Int] = [:]
        var used = Set<String>()
        var scalarCounts: [Unicode.Scalar: Int] = [:]
        for (s, pieces) in zip(parts, pieces) {
            func count(_ range: Range<Int>) {
                guard range.count > 1 else { return }
                counts[String(String.UnicodeScalarView(s[range])), default: 0] += 1
            }
            for piece in pieces {
                if piece.kind == .ideographs {
                    segmenter.segment(s, piece.range) { word in
                        count(word)
                        if word.count > 1 { used.insert(String(String.UnicodeScalarView(s[word]))) }
                    }
                } else {
                    count(piece.range)
                }
            }
            for c in s where !c.isASCII { scalarCounts[c, default: 0] += 1 }
        }
        var kept = counts.filter { $0.value >= minCount }.map { ($0.key, $0.value) }
        kept += scalarCounts.filter { $0.value >= minCount }.map { (String($0.key), $0.value) }
        kept.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) { $0.value < $1.value } }
        let words = kept.map(\.0)
        return (try WordTokenizer(words: words, specials: [SpecialToken.endOfText: Int32(256 + words.count)]), used.count)
    }

    private func discoverWords(_ parts: [[Unicode.Scalar]], _ pieces: [[WordSplitter.Piece]]) -> Set<String> {
        let runs = zip(parts, pieces).flatMap { s, pieces in pieces.filter { $0.kind == .ideographs }.map { (s, $0.range) } }
        var counts: [UInt64: Int32] = [:]
        var total = 0
        for (s, run) in runs {
            total += run.count
            for i in run {
                var h = NGramHash.start
                for j in i..<min(run.upperBound, i + Self.longestDiscoveredWord) {
                    h = NGramHash.add(s[j], to: h)
                    counts[h, default: 0] += 1
                }
            }
        }
        let n = Double(total), least = Int32(max(minCount, 2))
        var words = Set<String>()
        for (s, run) in runs {
            for i in run {
                for j in stride(from: i + 2, through: min(run.upperBound, i + Self.longestDiscoveredWord), by: 1) {
                    let c = counts[NGramHash.of(s[i..<j])]!
                    guard c >= least else { break }
                    let cohesive = ((i + 1)..<j).allSatisfy { k in
                        let l = Double(counts[NGramHash.of(s[i..<k])]!), r = Double(counts[NGramHash.of(s[k..<j])]!)
                        return Double(c) * n / (l * r) >= Self.cohesion
                    }
                    if cohesive { words.insert(String(String.UnicodeScalarView(s[i..<j]))) }
                }
            }
        }
        return words
    }
}

/// FNV-1a over scalar values: the n-grams of a corpus counted without building a String each.
enum NGramHash {
    static let start: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    static func add(_ s: Unicode.Scalar, to h: UInt64) -> UInt64 {
        (h ^ UInt64(s.value)) &* 0x100_0000_01b3
    }

    static func of<C: Collection>(_ scalars: C) -> UInt64 where C.Element == Unicode.Scalar {
        scalars.reduce(start) { add($1, to: $0) }
    }
}
