/// What every tokenizer offers the engine: text to ids and back, the bytes of each token for
/// streaming output, and a plain-data description that checkpoints store.
public protocol Tokenizer: AnyObject {
    /// "char", "byte", "bpe" or "words".
    var kind: String { get }
    var vocabSize: Int { get }
    /// Throws `TokenizerError.unknownCharacter` for text the vocabulary cannot represent.
    func encode(_ text: String) throws -> [Int32]
    /// The UTF-8 bytes token `id` stands for (possibly part of a character).
    func bytes(of id: Int32) -> [UInt8]
    /// Everything needed to rebuild this tokenizer.
    var state: TokenizerState { get }
    /// A one-line description for `show tokenizer`.
    var summary: String { get }
    /// Further lines for `show tokenizer`, such as a BPE's first and last merges.
    var details: [String] { get }
    /// Special tokens (e.g. `<|endoftext|>`) and their ids.
    var specialTokens: [String: Int32] { get }
}

extension Tokenizer {
    public var details: [String] { [] }
    public var specialTokens: [String: Int32] { [:] }

    public func decode(_ ids: [Int32]) -> String {
        var out: [UInt8] = []
        for id in ids { out += bytes(of: id) }
        return String(decoding: out, as: UTF8.self)
    }
}

public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    case unknownCharacter(Character, offset: Int)
    case invalid(String)

    public var description: String {
        switch self {
        case .unknownCharacter(let c, let offset):
            let scalars = c.unicodeScalars.map { "U+" + String($0.value, radix: 16, uppercase: true) }.joined(separator: " ")
            return "character '\(c)' (\(scalars)) at offset \(offset) is not in the tokenizer's vocabulary"
        case .invalid(let m):
            return m
        }
    }
}

/// The plain data a tokenizer is rebuilt from; stored in checkpoints as JSON.
public struct TokenizerState: Codable, Equatable, Sendable {
    public var kind: String
    /// char: the vocabulary, one string per id.
    public var characters: [String]?
    /// bpe: merges in rank order, each the pair of ids merged into id 256 + rank, or a
    /// triple `[left, right, result]` when the result id is not 256 + rank.
    public var merges: [[Int32]]?
    /// bpe: the pre-split pattern's name.
    public var pattern: String?
    /// Special tokens and their ids.
    public var specials: [String: Int32]?
    /// bpe: the id of each byte when not the byte itself (imported GPT-2 files number their
    /// tokens otherwise); merges are then triples `[left, right, result]`.
    public var byteIds: [Int32]?
    /// words: the words and characters after the 256 bytes, one string per id from 256.
    public var words: [String]?

    public init(kind: String, characters: [String]? = nil, merges: [[Int32]]? = nil,
                pattern: String? = nil, specials: [String: Int32]? = nil, byteIds: [Int32]? = nil,
                words: [String]? = nil) {
        self.kind = kind
        self.characters = characters
        self.merges = merges
        self.pattern = pattern
        self.specials = specials
        self.byteIds = byteIds
        self.words = words
    }
}
