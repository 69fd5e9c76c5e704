/// Turns a stream of token bytes into text without ever splitting a UTF-8 character:
/// bytes of an incomplete character wait for the next token; invalid ones become U+FFFD.
public struct StreamingDecoder {
    private var pending: [UInt8] = []

    public init() {}

    /// Adds bytes and returns the text that is now complete.
    public mutating func push(_ bytes: [UInt8]) -> String {
        pending += bytes
        let keep = incompleteTailLength(pending)
        let ready = pending[..<(pending.count - keep)]
        let text = String(decoding: ready, as: UTF8.self)
        pending.removeFirst(pending.count - keep)
        return text
    }

    /// Whatever is still held back, decoded with replacement characters.
    public mutating func finish() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Length of a trailing sequence that is a valid but unfinished UTF-8 character.
    private func incompleteTailLength(_ b: [UInt8]) -> Int {
        var i = b.count - 1
        var continuation = 0
        while i >= 0 && continuation < 3 && b[i] & 0xC0 == 0x80 {
            continuation += 1
            i -= 1
        }
        guard i >= 0 else { return 0 }
        let lead = b[i]
        let needed: Int
        switch lead {
        case 0xC2...0xDF: needed = 1
        case 0xE0...0xEF: needed = 2
        case 0xF0...0xF4: needed = 3
        default: return 0
        }
        return continuation < needed ? continuation + 1 : 0
    }
}
