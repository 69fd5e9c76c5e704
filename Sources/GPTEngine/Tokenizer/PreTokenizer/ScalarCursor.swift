/// Reads Unicode scalars and their classes straight from valid UTF-8 bytes, so the
/// scanners never build Characters or Strings.
struct ScalarCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    /// Off, ideographs count as letters, as in the original patterns.
    let splitsIdeographs: Bool
    private let bmp = ScalarClass.bmp

    init(_ bytes: UnsafeBufferPointer<UInt8>, splitsIdeographs: Bool) {
        self.bytes = bytes
        end = bytes.count
        self.splitsIdeographs = splitsIdeographs
    }

    @inline(__always)
    func scalar(at i: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(bytes[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12
                | UInt32(bytes[i + 2] & 0x3F) << 6 | UInt32(bytes[i + 3] & 0x3F), 4)
    }

    @inline(__always)
    func classOf(_ value: UInt32) -> ScalarClass {
        let c = value < 0x10000 ? bmp[Int(value)] : ScalarClass.classify(value)
        return c == .ideograph && !splitsIdeographs ? .letter : c
    }

    /// Class and length of the scalar at `i`; past the end, an ideograph, since the end and
    /// a cut-out ideograph bound a chunk alike.
    @inline(__always)
    func classAndLength(at i: Int) -> (ScalarClass, Int) {
        guard i < end else { return (.ideograph, 0) }
        let (v, n) = scalar(at: i)
        return (classOf(v), n)
    }

    /// End of the run of scalars of class `c` starting at `i`.
    @inline(__always)
    func run(of c: ScalarClass, from i: Int) -> Int {
        var j = i
        while j < end {
            let (cj, n) = classAndLength(at: j)
            if cj != c { break }
            j += n
        }
        return j
    }

    /// `\s+(?!\S)|\s+` at `i`: a whitespace run gives up its last scalar to the chunk that
    /// follows, unless the run is a single scalar or nothing (the end, or a cut-out
    /// ideograph) follows it.
    func whitespace(from i: Int) -> Int {
        var j = i, last = i, count = 0
        while j < end {
            let (c, n) = classAndLength(at: j)
            if c != .space { break }
            last = j
            count += 1
            j += n
        }
        if classAndLength(at: j).0 == .ideograph || count < 2 { return j }
        return last
    }
}
