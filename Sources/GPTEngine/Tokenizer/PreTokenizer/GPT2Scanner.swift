/// GPT-2's pre-split pattern, scanned by hand because Swift Regex is far too slow for corpora:
/// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
enum GPT2Scanner {
    /// Where the chunk that starts at byte `i` ends.
    @inline(__always)
    static func chunkEnd(_ cursor: ScalarCursor, from i: Int) -> Int {
        let (c, n) = cursor.classAndLength(at: i)
        switch c {
        case .ideograph:
            return i + n
        case .space:
            if cursor.bytes[i] == 0x20 {
                let next = cursor.classAndLength(at: i + 1).0
                if next == .letter || next == .number || next == .other { return cursor.run(of: next, from: i + 1) }
            }
            return cursor.whitespace(from: i)
        case .other:
            if cursor.bytes[i] == 0x27, let j = contraction(cursor, at: i) { return j }
            return cursor.run(of: .other, from: i)
        case .letter, .number:
            return cursor.run(of: c, from: i)
        }
    }

    /// End of `'s|'t|'re|'ve|'m|'ll|'d` at the apostrophe `i`; the pattern is case-sensitive.
    private static func contraction(_ cursor: ScalarCursor, at i: Int) -> Int? {
        let b = cursor.bytes, end = cursor.end
        guard i + 1 < end else { return nil }
        switch b[i + 1] {
        case UInt8(ascii: "s"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "d"):
            return i + 2
        case UInt8(ascii: "r"), UInt8(ascii: "v"):
            return i + 2 < end && b[i + 2] == UInt8(ascii: "e") ? i + 3 : nil
        case UInt8(ascii: "l"):
            return i + 2 < end && b[i + 2] == UInt8(ascii: "l") ? i + 3 : nil
        default:
            return nil
        }
    }
}
