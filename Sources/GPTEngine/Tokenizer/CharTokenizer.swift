/// One token per distinct character (extended grapheme cluster) of the corpus, ids in
/// the order of the characters' Unicode scalars, as nanoGPT's `sorted(set(text))`. Special
/// tokens (`<|endoftext|>` in a corpus split into documents) take one id each, after the
/// characters, and their text never adds characters to the vocabulary.
public final class CharTokenizer: Tokenizer {
    public let characters: [Character]
    public let specials: [String: Int32]
    private let ids: [Character: Int32]
    private let utf8: [[UInt8]]
    private let specialMatcher: SpecialTokenMatcher
    private let specialBytes: [Int32: [UInt8]]

    /// `specials` are named in id order, from `characters.count` on.
    public init(characters: [Character], specials: [String] = []) {
        self.characters = characters
        var ids: [Character: Int32] = [:]
        for (i, c) in characters.enumerated() { ids[c] = Int32(i) }
        self.ids = ids
        utf8 = characters.map { Array(String($0).utf8) }
        let numbered = Dictionary(uniqueKeysWithValues: specials.enumerated().map { ($1, Int32(characters.count + $0)) })
        self.specials = numbered
        specialMatcher = SpecialTokenMatcher(numbered)
        specialBytes = Dictionary(uniqueKeysWithValues: numbered.map { ($0.value, Array($0.key.utf8)) })
    }

    public convenience init(corpus text: String, specials: [String] = []) {
        var plain = text
        for s in specials { plain = plain.replacingOccurrences(of: s, with: "") }
        let distinct = Set(plain)
        self.init(characters: distinct.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars, by: { $0.value < $1.value }) },
                  specials: specials)
    }

    public var kind: String { "char" }
    public var vocabSize: Int { characters.count + specials.count }
    public var specialTokens: [String: Int32] { specials }

    public func encode(_ text: String) throws -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.utf8.count)
        var offset = 0
        var text = text
        try text.withUTF8 { bytes in
            try specialMatcher.split(bytes, plain: { range in
                for c in String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) {
                    guard let id = ids[c] else { throw TokenizerError.unknownCharacter(c, offset: offset) }
                    out.append(id)
                    offset += 1
                }
            }, special: { id in
                out.append(id)
                offset += specialBytes[id].map { String(decoding: $0, as: UTF8.self).count } ?? 1
            })
        }
        return out
    }

    public func bytes(of id: Int32) -> [UInt8] {
        Int(id) < utf8.count ? utf8[Int(id)] : specialBytes[id] ?? []
    }

    public var state: TokenizerState {
        TokenizerState(kind: "char", characters: characters.map { String($0) }, specials: specials.isEmpty ? nil : specials)
    }

    public var summary: String {
        let names = specials.sorted { $0.value < $1.value }.map(\.key)
        return "char, \(characters.count) characters" + (names.isEmpty ? "" : " and \(names.joined(separator: " "))")
    }
}
