/// The 256 bytes as tokens (id = byte value) and no merges, so no text is ever unknown to
/// it; special tokens such as `<|endoftext|>` take the ids after 255.
public final class ByteTokenizer: Tokenizer {
    public let specials: [String: Int32]
    public let vocabSize: Int
    private let specialMatcher: SpecialTokenMatcher
    private let specialBytes: [Int32: [UInt8]]

    public init(specials: [String: Int32]) throws {
        for (text, id) in specials where id < 256 {
            throw TokenizerError.invalid("special token \(text) has id \(id), which a byte holds")
        }
        guard Set(specials.values).count == specials.count else {
            throw TokenizerError.invalid("two special tokens share an id")
        }
        self.specials = specials
        vocabSize = 256 + Int(specials.values.map { $0 - 255 }.max() ?? 0)
        specialMatcher = SpecialTokenMatcher(specials)
        specialBytes = Dictionary(uniqueKeysWithValues: specials.map { ($0.value, Array($0.key.utf8)) })
    }

    /// The bytes and `<|endoftext|>` as id 256.
    public convenience init() {
        try! self.init(specials: [SpecialToken.endOfText: 256])
    }

    public var kind: String { "byte" }
    public var specialTokens: [String: Int32] { specials }

    public func encode(_ text: String) throws -> [Int32] {
        var text = text
        return text.withUTF8 { bytes in
            var out: [Int32] = []
            out.reserveCapacity(bytes.count)
            specialMatcher.split(bytes, plain: { range in
                for b in bytes[range] { out.append(Int32(b)) }
            }, special: { out.append($0) })
            return out
        }
    }

    public func bytes(of id: Int32) -> [UInt8] {
        if (0..<256).contains(id) { return [UInt8(id)] }
        return specialBytes[id] ?? []
    }

    public var state: TokenizerState { TokenizerState(kind: "byte", specials: specials) }

    public convenience init(state: TokenizerState) throws {
        guard state.kind == "byte" else { throw TokenizerError.invalid("expected a byte tokenizer state, got '\(state.kind)'") }
        try self.init(specials: state.specials ?? [:])
    }

    public var summary: String {
        let names = specials.sorted { $0.value < $1.value }.map(\.key).joined(separator: " ")
        return "byte, \(vocabSize) tokens: 256 bytes" + (names.isEmpty ? "" : " and \(names)")
    }
}
