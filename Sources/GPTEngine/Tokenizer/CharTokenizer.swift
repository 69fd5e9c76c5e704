/// One token per distinct character (extended grapheme cluster) of the corpus, ids in
/// the order of the characters' Unicode scalars, as nanoGPT's `sorted(set(text))`.
public final class CharTokenizer: Tokenizer {
    public let characters: [Character]
    private let ids: [Character: Int32]
    private let utf8: [[UInt8]]

    public init(characters: [Character]) {
        self.characters = characters
        var ids: [Character: Int32] = [:]
        for (i, c) in characters.enumerated() { ids[c] = Int32(i) }
        self.ids = ids
        utf8 = characters.map { Array(String($0).utf8) }
    }

    public convenience init(corpus text: String) {
        let distinct = Set(text)
        self.init(characters: distinct.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars, by: { $0.value < $1.value }) })
    }

    public var kind: String { "char" }
    public var vocabSize: Int { characters.count }

    public func encode(_ text: String) throws -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(text.utf8.count)
        var offset = 0
        for c in text {
            guard let id = ids[c] else { throw TokenizerError.unknownCharacter(c, offset: offset) }
            out.append(id)
            offset += 1
        }
        return out
    }

    public func bytes(of id: Int32) -> [UInt8] { utf8[Int(id)] }

    public var state: TokenizerState {
        TokenizerState(kind: "char", characters: characters.map { String($0) })
    }

    public var summary: String { "char, \(vocabSize) characters" }
}
