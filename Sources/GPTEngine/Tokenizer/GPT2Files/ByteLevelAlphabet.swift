/// GPT-2's `bytes_to_unicode`: each byte as a printable character, so that vocab.json and
/// merges.txt can hold byte strings as text and merges.txt can split on spaces. Printable
/// Latin-1 bytes stand for themselves; the other 68 map to U+0100 onwards, in byte order
/// (the space becomes "Ġ", the newline "Ċ").
enum ByteLevelAlphabet {
    static let characters: [Character] = {
        let printable = Set<UInt8>(Array(0x21...0x7E) + Array(0xA1...0xAC) + Array(0xAE...0xFF))
        var next: UInt32 = 0x100
        return (0...255).map { (b: Int) -> Character in
            if printable.contains(UInt8(b)) { return Character(Unicode.Scalar(UInt8(b))) }
            defer { next += 1 }
            return Character(Unicode.Scalar(next)!)
        }
    }()

    private static let bytesByScalar: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (b, c) in characters.enumerated() { map[c.unicodeScalars.first!.value] = UInt8(b) }
        return map
    }()

    static func encode(_ bytes: [UInt8]) -> String {
        String(bytes.map { characters[Int($0)] })
    }

    /// The bytes a vocabulary string stands for; nil if it has a character outside the alphabet.
    static func decode(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for s in text.unicodeScalars {
            guard let b = bytesByScalar[s.value] else { return nil }
            out.append(b)
        }
        return out
    }
}
