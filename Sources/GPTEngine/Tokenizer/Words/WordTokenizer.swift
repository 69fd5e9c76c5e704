/// A word-level vocabulary: the 256 bytes (ids 0–255), then words and single characters
/// (Unicode scalars beyond ASCII), then special tokens. Text is cut by `WordSplitter`, runs of
/// ideographs by maximum matching over the vocabulary's own Chinese words; a piece not in the
/// vocabulary becomes its scalars, and a scalar not in it its UTF-8 bytes, so every text
/// encodes and decoding gives it back byte for byte.
public final class WordTokenizer: Tokenizer {
    /// Id 256 + i is `words[i]`.
    public let words: [String]
    public let specials: [String: Int32]
    public let vocabSize: Int
    private let ids: [String: Int32]
    private let segmenter: WordSegmenter
    private let specialMatcher: SpecialTokenMatcher
    private let tokenBytes: [[UInt8]]

    public init(words: [String], specials: [String: Int32]) throws {
        var ids: [String: Int32] = [:]
        for (i, w) in words.enumerated() {
            guard !w.isEmpty else { throw TokenizerError.invalid("word \(256 + i) is empty") }
            if w.unicodeScalars.count == 1, w.unicodeScalars.first!.isASCII {
                throw TokenizerError.invalid("word \(256 + i) '\(w)' is a single ASCII character, which a byte holds")
            }
            guard ids.updateValue(Int32(256 + i), forKey: w) == nil else {
                throw TokenizerError.invalid("the word '\(w)' is listed twice")
            }
        }
        let firstSpecial = 256 + words.count
        for (text, id) in specials where id < firstSpecial {
            throw TokenizerError.invalid("special token \(text) has id \(id), which a byte or word holds")
        }
        guard Set(specials.values).count == specials.count else {
            throw TokenizerError.invalid("two special tokens share an id")
        }
        self.words = words
        self.specials = specials
        self.ids = ids
        vocabSize = firstSpecial + Int(specials.values.map { $0 + 1 - Int32(firstSpecial) }.max() ?? 0)
        segmenter = WordSegmenter(words: words.filter { $0.unicodeScalars.allSatisfy { WordSplitter.kind(of: $0) == .ideographs } })
        specialMatcher = SpecialTokenMatcher(specials)
        var bytes = (0..<256).map { [UInt8($0)] } + words.map { Array($0.utf8) }
        bytes += [[UInt8]](repeating: [], count: vocabSize - bytes.count)
        for (text, id) in specials { bytes[Int(id)] = Array(text.utf8) }
        tokenBytes = bytes
    }

    public convenience init(state: TokenizerState) throws {
        guard state.kind == "words" else { throw TokenizerError.invalid("expected a words tokenizer state, got '\(state.kind)'") }
        try self.init(words: state.words ?? [], specials: state.specials ?? [:])
    }

    public var kind: String { "words" }
    public var specialTokens: [String: Int32] { specials }

    public func encode(_ text: String) throws -> [Int32] {
        var text = text
        return text.withUTF8 { bytes in
            var out: [Int32] = []
            out.reserveCapacity(bytes.count / 2)
            specialMatcher.split(bytes, plain: { range in
                let scalars = Array(String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self).unicodeScalars)
                encodePlain(scalars, into: &out)
            }, special: { out.append($0) })
            return out
        }
    }

    private func encodePlain(_ s: [Unicode.Scalar], into out: inout [Int32]) {
        for piece in WordSplitter.pieces(s) {
            if piece.kind == .ideographs {
                segmenter.segment(s, piece.range) { encodeWord(s[$0], into: &out) }
            } else {
                encodeWord(s[piece.range], into: &out)
            }
        }
    }

    /// The word's id, else the space before it and the bare word's id, else its scalars' ids,
    /// else their bytes.
    private func encodeWord(_ w: ArraySlice<Unicode.Scalar>, into out: inout [Int32]) {
        if let id = ids[String(String.UnicodeScalarView(w))] { return out.append(id) }
        if w.count > 2, w.first == " ", let id = ids[String(String.UnicodeScalarView(w.dropFirst()))] {
            out.append(32)
            return out.append(id)
        }
        for s in w {
            if s.isASCII { out.append(Int32(s.value)); continue }
            if w.count > 1, let id = ids[String(s)] { out.append(id); continue }
            for b in String(s).utf8 { out.append(Int32(b)) }
        }
    }

    public func bytes(of id: Int32) -> [UInt8] { tokenBytes[Int(id)] }

    public var state: TokenizerState { TokenizerState(kind: "words", specials: specials, words: words) }

    public var summary: String {
        let multi = words.filter { $0.unicodeScalars.count > 1 }.count
        return "words, \(vocabSize) tokens: 256 bytes, \(multi) words, \(words.count - multi) single characters"
            + (specials.isEmpty ? "" : " and " + specials.sorted { $0.value < $1.value }.map(\.key).joined(separator: " "))
    }

    public var details: [String] {
        let frequent = words.indices.filter { words[$0].unicodeScalars.count > 1 }.prefix(12).map { "'\(piece(Int32(256 + $0)))'" }
        return frequent.isEmpty ? [] : ["most frequent words: " + frequent.joined(separator: " ")]
    }
}
