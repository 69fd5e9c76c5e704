/// Cuts text into the pieces a word vocabulary is made of, so that joining the pieces gives
/// the text back: runs of CJK ideographs (segmented further by `WordSegmenter`), words (a run
/// of letters and digits, with the one space before it, as GPT-2 keeps it), runs of white
/// space, and single other scalars (punctuation, symbols).
enum WordSplitter {
    enum Kind { case ideographs, word, space, other }

    struct Piece: Equatable {
        let range: Range<Int>
        let kind: Kind
    }

    static func kind(of s: Unicode.Scalar) -> Kind {
        let c = s.value < 0x10000 ? ScalarClass.bmp[Int(s.value)] : ScalarClass.classify(s.value)
        switch c {
        case .ideograph: return .ideographs
        case .letter, .number: return .word
        case .space: return .space
        case .other:
            // Combining marks stay with the letters they modify.
            switch s.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return .word
            default: return .other
            }
        }
    }

    static func pieces(_ s: [Unicode.Scalar]) -> [Piece] {
        var out: [Piece] = []
        var i = 0
        let n = s.count
        while i < n {
            let k = kind(of: s[i])
            var j = i + 1
            switch k {
            case .other:
                break
            case .space:
                while j < n && kind(of: s[j]) == .space { j += 1 }
                // The last space of a run goes with the word after it.
                if j < n, s[j - 1] == " ", kind(of: s[j]) == .word {
                    if j - 1 > i { out.append(Piece(range: i..<(j - 1), kind: .space)) }
                    i = j - 1
                    j += 1
                    while j < n && kind(of: s[j]) == .word { j += 1 }
                    out.append(Piece(range: i..<j, kind: .word))
                    i = j
                    continue
                }
            case .word, .ideographs:
                while j < n && kind(of: s[j]) == k { j += 1 }
            }
            out.append(Piece(range: i..<j, kind: k))
            i = j
        }
        return out
    }
}
