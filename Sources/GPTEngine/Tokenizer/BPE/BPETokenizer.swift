import Foundation

/// A byte-level BPE: 256 byte tokens, merges in rank order, and special tokens. Text is cut
/// into chunks by the pre-tokenizer, and merges apply within each chunk, lowest rank first.
/// Ids are usually ours (byte b is id b, merge r makes 256 + r, specials follow), but a
/// tokenizer loaded from GPT-2 files keeps that file's ids.
public final class BPETokenizer: Tokenizer {
    public let preTokenizer: PreTokenizer
    /// In rank order.
    public let merges: [BPEMerge]
    public let specials: [String: Int32]
    /// The id of each byte; -1 where an imported vocabulary lacks the byte.
    public let byteIds: [Int32]
    public let vocabSize: Int
    private let table: MergeTable
    private let tokenBytes: [[UInt8]]
    private let specialMatcher: SpecialTokenMatcher
    private let lacksBytes: Bool
    /// Encoding mutates the chunk cache; the lock keeps a tokenizer shared between threads safe.
    private var encoder = ChunkEncoder()
    private let lock = NSLock()

    public static let identityByteIds: [Int32] = (0..<256).map { Int32($0) }

    /// Checks that every merge joins tokens that exist by then and makes a new id, and that
    /// no two tokens share an id.
    public init(merges: [BPEMerge], byteIds: [Int32] = BPETokenizer.identityByteIds,
                specials: [String: Int32], preTokenizer: PreTokenizer) throws {
        guard byteIds.count == 256 else { throw TokenizerError.invalid("a byte-level BPE needs 256 byte ids, got \(byteIds.count)") }
        var bytes: [Int32: [UInt8]] = [:]
        func claim(_ id: Int32, _ b: [UInt8], _ what: String) throws {
            guard id >= 0 else { throw TokenizerError.invalid("\(what) has negative id \(id)") }
            guard bytes[id] == nil else { throw TokenizerError.invalid("\(what) reuses id \(id)") }
            bytes[id] = b
        }
        for (b, id) in byteIds.enumerated() where id >= 0 { try claim(id, [UInt8(b)], "byte \(b)") }
        var seen = Set<BPEMerge>()
        for (rank, m) in merges.enumerated() {
            guard let l = bytes[m.left], let r = bytes[m.right] else {
                throw TokenizerError.invalid("merge \(rank) joins ids \(m.left) and \(m.right), not both defined before it")
            }
            guard seen.insert(BPEMerge(m.left, m.right, result: 0)).inserted else {
                throw TokenizerError.invalid("merge \(rank) repeats the pair \(m.left), \(m.right)")
            }
            try claim(m.result, l + r, "merge \(rank)")
        }
        for (text, id) in specials.sorted(by: { $0.value < $1.value }) {
            try claim(id, Array(text.utf8), "special token \(text)")
        }
        let size = Int((bytes.keys.max() ?? -1) + 1)
        // Ids are unique and not negative, so they number the tokens without gaps exactly when
        // the largest is one less than their count; a file naming id 240,000,000 for its third
        // token would otherwise size the vocabulary (and the model) by that id.
        guard size == bytes.count else {
            let missing = (0...bytes.count).first { bytes[Int32($0)] == nil }!
            throw TokenizerError.invalid("the ids run to \(size - 1) but only \(bytes.count) tokens are defined: ids must number the tokens from 0 with no gaps (id \(missing) is missing)")
        }
        var tokenBytes = [[UInt8]](repeating: [], count: size)
        for (id, b) in bytes { tokenBytes[Int(id)] = b }
        self.preTokenizer = preTokenizer
        self.merges = merges
        self.specials = specials
        self.byteIds = byteIds
        self.tokenBytes = tokenBytes
        vocabSize = size
        table = MergeTable(byteIds: byteIds, merges: merges)
        specialMatcher = SpecialTokenMatcher(specials)
        lacksBytes = byteIds.contains(-1)
    }

    /// Our own numbering: merge r makes id 256 + r, and the specials take the ids after.
    public convenience init(mergedPairs: [(Int32, Int32)], specials: [String] = [SpecialToken.endOfText],
                            preTokenizer: PreTokenizer) throws {
        let merges = mergedPairs.enumerated().map { BPEMerge($1.0, $1.1, result: Int32(256 + $0)) }
        var ids: [String: Int32] = [:]
        for name in specials where ids[name] == nil { ids[name] = Int32(256 + merges.count + ids.count) }
        try self.init(merges: merges, specials: ids, preTokenizer: preTokenizer)
    }

    public var kind: String { "bpe" }
    public var specialTokens: [String: Int32] { specials }

    public func encode(_ text: String) throws -> [Int32] {
        var text = text
        return try text.withUTF8 { bytes in
            var out: [Int32] = []
            out.reserveCapacity(bytes.count / 3)
            lock.lock()
            defer { lock.unlock() }
            try specialMatcher.split(bytes, plain: { range in
                let part = UnsafeBufferPointer(rebasing: bytes[range])
                if lacksBytes, let p = part.firstIndex(where: { byteIds[Int($0)] < 0 }) {
                    throw TokenizerError.unknownCharacter(in: bytes, atByte: range.lowerBound + p)
                }
                preTokenizer.forEachChunk(part) { chunk in
                    encoder.encode(UnsafeBufferPointer(rebasing: part[chunk]), with: table, into: &out)
                }
            }, special: { out.append($0) })
            return out
        }
    }

    public func bytes(of id: Int32) -> [UInt8] {
        id >= 0 && Int(id) < tokenBytes.count ? tokenBytes[Int(id)] : []
    }

    /// Ours when bytes are ids 0–255 and merge r makes 256 + r; then states store pairs.
    private var isOwnNumbering: Bool {
        byteIds == Self.identityByteIds && merges.enumerated().allSatisfy { $1.result == Int32(256 + $0) }
    }

    public var state: TokenizerState {
        let own = isOwnNumbering
        return TokenizerState(kind: "bpe",
                              merges: merges.map { own ? [$0.left, $0.right] : [$0.left, $0.right, $0.result] },
                              pattern: preTokenizer.name, specials: specials, byteIds: own ? nil : byteIds)
    }

    public convenience init(state: TokenizerState) throws {
        guard state.kind == "bpe" else { throw TokenizerError.invalid("expected a bpe tokenizer state, got '\(state.kind)'") }
        let merges = try (state.merges ?? []).enumerated().map { rank, m -> BPEMerge in
            switch m.count {
            case 2: return BPEMerge(m[0], m[1], result: Int32(256 + rank))
            case 3: return BPEMerge(m[0], m[1], result: m[2])
            default: throw TokenizerError.invalid("merge \(rank) has \(m.count) ids; expected 2 or 3")
            }
        }
        try self.init(merges: merges, byteIds: state.byteIds ?? Self.identityByteIds, specials: state.specials ?? [:],
                      preTokenizer: PreTokenizer(name: state.pattern ?? PreTokenizer.Pattern.gpt2.rawValue))
    }

    public var summary: String {
        let names = specials.sorted { $0.value < $1.value }.map(\.key).joined(separator: " ")
        return "bpe, \(vocabSize) tokens: 256 bytes, \(merges.count) merges, \(specials.count) special\(specials.count == 1 ? "" : "s")"
            + (names.isEmpty ? "" : " (\(names))") + "; pre-split \(preTokenizer.name)"
    }

    public var details: [String] {
        guard !merges.isEmpty else { return [] }
        func show(_ ms: ArraySlice<BPEMerge>) -> String {
            ms.map { "\"\(piece($0.left))\" + \"\(piece($0.right))\" → \"\(piece($0.result))\"" }.joined(separator: ", ")
        }
        let shown = 5
        if merges.count <= 2 * shown { return ["merges: " + show(merges[...])] }
        return ["first merges: " + show(merges.prefix(shown)), "last merges: " + show(merges.suffix(shown))]
    }
}

extension TokenizerError {
    /// The character holding byte `p` of `bytes`, for a vocabulary that lacks that byte.
    fileprivate static func unknownCharacter(in bytes: UnsafeBufferPointer<UInt8>, atByte p: Int) -> TokenizerError {
        let text = String(decoding: bytes, as: UTF8.self)
        var offset = 0, end = 0
        for c in text {
            end += c.utf8.count
            if end > p { return .unknownCharacter(c, offset: offset) }
            offset += 1
        }
        return .invalid("byte \(p) is not in the tokenizer's vocabulary")
    }
}
