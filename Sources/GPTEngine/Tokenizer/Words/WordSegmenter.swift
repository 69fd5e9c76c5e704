/// Forward maximum matching over a dictionary of words of two or more ideographs: at each
/// position the longest dictionary word that starts there is taken, else one ideograph.
struct WordSegmenter {
    /// A trie over scalar values; node 0 is the root.
    private var children: [[UInt32: Int32]] = [[:]]
    private var isWord: [Bool] = [false]

    init<S: Sequence>(words: S) where S.Element == String {
        for w in words { insert(Array(w.unicodeScalars)) }
    }

    private mutating func insert(_ word: [Unicode.Scalar]) {
        guard word.count >= 2 else { return }
        var node = 0
        for s in word {
            if let next = children[node][s.value] {
                node = Int(next)
            } else {
                children.append([:])
                isWord.append(false)
                children[node][s.value] = Int32(children.count - 1)
                node = children.count - 1
            }
        }
        isWord[node] = true
    }

    /// Visits the range of each word `s[range]` is cut into, in order.
    func segment(_ s: [Unicode.Scalar], _ range: Range<Int>, _ visit: (Range<Int>) -> Void) {
        var i = range.lowerBound
        while i < range.upperBound {
            var node = 0, longest = 1, j = i
            while j < range.upperBound, let next = children[node][s[j].value] {
                node = Int(next)
                j += 1
                if isWord[node] { longest = j - i }
            }
            visit(i..<(i + longest))
            i += longest
        }
    }
}
