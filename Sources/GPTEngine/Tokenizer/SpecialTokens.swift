/// Special tokens: text such as `<|endoftext|>` that encodes as one reserved id wherever it
/// appears, and that BPE training never looks into.
public enum SpecialToken {
    /// Ends a document; `load corpus ... sep=` joins documents with it.
    public static let endOfText = "<|endoftext|>"
}

/// Finds special-token text in UTF-8 bytes, longest token first where two start alike.
struct SpecialTokenMatcher {
    private let tokens: [(bytes: [UInt8], id: Int32)]
    private var startsToken = [Bool](repeating: false, count: 256)

    init(_ specials: [String: Int32]) {
        tokens = specials.map { (Array($0.key.utf8), $0.value) }
            .filter { !$0.0.isEmpty }
            .sorted { $0.0.count != $1.0.count ? $0.0.count > $1.0.count : $0.0.lexicographicallyPrecedes($1.0) }
        for t in tokens { startsToken[Int(t.bytes[0])] = true }
    }

    /// Splits `bytes` into plain runs (given as byte ranges) and special tokens (given as ids).
    func split(_ bytes: UnsafeBufferPointer<UInt8>, plain: (Range<Int>) throws -> Void,
               special: (Int32) throws -> Void) rethrows {
        guard !tokens.isEmpty else { return try plain(0..<bytes.count) }
        var start = 0, i = 0
        while i < bytes.count {
            if startsToken[Int(bytes[i])], let t = token(at: i, in: bytes) {
                if start < i { try plain(start..<i) }
                try special(t.id)
                i += t.bytes.count
                start = i
            } else {
                i += 1
            }
        }
        if start < bytes.count { try plain(start..<bytes.count) }
    }

    private func token(at i: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], id: Int32)? {
        tokens.first { t in
            i + t.bytes.count <= bytes.count && t.bytes.indices.allSatisfy { bytes[i + $0] == t.bytes[$0] }
        }
    }
}
