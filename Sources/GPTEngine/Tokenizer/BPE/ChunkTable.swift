import Foundation

/// An open-addressing hash map from byte strings to an integer, with the keys kept in one
/// byte arena: counting or caching hundreds of thousands of chunks then allocates nothing
/// per chunk, which a Dictionary keyed by [UInt8] would. Entries are numbered in insertion
/// order, so walking them is deterministic.
struct ChunkTable {
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    private var keyStarts: [Int] = [0]
    private var arena: [UInt8] = []
    /// One value per entry, in insertion order.
    var values: [Int] = []

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
    }

    var count: Int { values.count }

    /// The key of entry `e`.
    func withKey<R>(_ e: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try arena.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[keyStarts[e]..<keyStarts[e + 1]])) }
    }

    /// The entry of `key`, if present.
    func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let h = Self.hash(key)
        var s = Int(truncatingIfNeeded: h) & (slots.count - 1)
        while true {
            let e = Int(slots[s])
            if e < 0 { return nil }
            if hashes[e] == h && keyEquals(e, key) { return e }
            s = (s + 1) & (slots.count - 1)
        }
    }

    /// The entry of `key`, added with `value` if absent.
    mutating func findOrInsert(_ key: UnsafeBufferPointer<UInt8>, value: Int) -> Int {
        let h = Self.hash(key)
        var s = Int(truncatingIfNeeded: h) & (slots.count - 1)
        while true {
            let e = Int(slots[s])
            if e < 0 { break }
            if hashes[e] == h && keyEquals(e, key) { return e }
            s = (s + 1) & (slots.count - 1)
        }
        let e = values.count
        slots[s] = Int32(e)
        hashes.append(h)
        arena.append(contentsOf: key)
        keyStarts.append(arena.count)
        values.append(value)
        if values.count * 2 > slots.count { grow() }
        return e
    }

    mutating func removeAll() {
        slots = Array(repeating: -1, count: 1024)
        hashes.removeAll()
        keyStarts = [0]
        arena.removeAll()
        values.removeAll()
    }

    private func keyEquals(_ e: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = keyStarts[e]
        guard keyStarts[e + 1] - start == key.count else { return false }
        return arena.withUnsafeBufferPointer { a in
            key.isEmpty || memcmp(a.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        for (e, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & (size - 1)
            while slots[s] >= 0 { s = (s + 1) & (size - 1) }
            slots[s] = Int32(e)
        }
    }

    /// Eight bytes at a time with a multiply-xorshift mix: chunks are short, so speed beats
    /// the quality of SipHash; the high bits are folded down because slots use the low ones.
    private static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let m: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = UInt64(key.count) &* m
        let raw = UnsafeRawBufferPointer(key)
        var i = 0
        while i + 8 <= raw.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* m
            h ^= h >> 29
            i += 8
        }
        if i < raw.count {
            var tail: UInt64 = 0
            for k in i..<raw.count { tail |= UInt64(raw[k]) << UInt64(8 * (k - i)) }
            h = (h ^ tail) &* m
        }
        return h ^ (h >> 32)
    }
}
