/// A 64-bit FNV-1a hash of a buffer's bits, to check that every rank holds the same parameters:
/// any single flipped bit changes it.
enum ParameterHash {
    static func of(_ buffer: FloatBuffer) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        let words = UnsafeRawPointer(buffer.pointer).bindMemory(to: UInt32.self, capacity: buffer.count)
        for i in 0..<buffer.count {
            h = (h ^ UInt64(words[i])) &* 0x0000_0100_0000_01B3
        }
        return h
    }
}
