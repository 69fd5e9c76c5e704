/// GPT-4's (cl100k) pre-split pattern, scanned by hand like GPT-2's:
/// `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+`
enum GPT4Scanner {
    /// Where the chunk that starts at byte `i` ends.
    @inline(__always)
    static func chunkEnd(_ cursor: ScalarCursor, from i: Int) -> Int {
        let (c, n) = cursor.classAndLength(at: i)
        let byte = cursor.bytes[i]
        switch c {
        case .ideograph:
            return i + n
        case .letter:
            return cursor.run(of: .letter, from: i)
        case .number:
            return numbers(cursor, from: i)
        case .other:
            if byte == 0x27, let j = contraction(cursor, at: i) { return j }
            if cursor.classAndLength(at: i + n).0 == .letter { return cursor.run(of: .letter, from: i + n) }
            return punctuation(cursor, from: i)
        case .space:
            let isNewline = byte == 0x0A || byte == 0x0D
            if !isNewline {
                let next = cursor.classAndLength(at: i + n).0
                if next == .letter { return cursor.run(of: .letter, from: i + n) }
                if byte == 0x20 && next == .other { return punctuation(cursor, from: i + 1) }
            }
            return lastNewline(cursor, from: i) ?? cursor.whitespace(from: i)
        }
    }

    /// `\p{N}{1,3}`
    private static func numbers(_ cursor: ScalarCursor, from i: Int) -> Int {
        var j = i
        for _ in 0..<3 {
            let (c, n) = cursor.classAndLength(at: j)
            if c != .number { break }
            j += n
        }
        return j
    }

    /// `[^\s\p{L}\p{N}]++[\r\n]*` from `i`, which holds such a scalar.
    private static func punctuation(_ cursor: ScalarCursor, from i: Int) -> Int {
        var j = cursor.run(of: .other, from: i)
        while j < cursor.end && (cursor.bytes[j] == 0x0A || cursor.bytes[j] == 0x0D) { j += 1 }
        return j
    }

    /// `\s*[\r\n]`: the whitespace run from `i` up to and including its last CR or LF.
    private static func lastNewline(_ cursor: ScalarCursor, from i: Int) -> Int? {
        var j = i
        var found: Int?
        while j < cursor.end {
            let (c, n) = cursor.classAndLength(at: j)
            if c != .space { break }
            if cursor.bytes[j] == 0x0A || cursor.bytes[j] == 0x0D { found = j + 1 }
            j += n
        }
        return found
    }

    /// End of `'(?i:[sdmt]|ll|ve|re)` at the apostrophe `i`.
    private static func contraction(_ cursor: ScalarCursor, at i: Int) -> Int? {
        let b = cursor.bytes, end = cursor.end
        guard i + 1 < end else { return nil }
        func lower(_ k: Int) -> UInt8 { k < end ? b[k] | 0x20 : 0 }
        switch lower(i + 1) {
        case UInt8(ascii: "s"), UInt8(ascii: "d"), UInt8(ascii: "m"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "l"):
            return lower(i + 2) == UInt8(ascii: "l") ? i + 3 : nil
        case UInt8(ascii: "v"), UInt8(ascii: "r"):
            return lower(i + 2) == UInt8(ascii: "e") ? i + 3 : nil
        default:
            return nil
        }
    }
}
