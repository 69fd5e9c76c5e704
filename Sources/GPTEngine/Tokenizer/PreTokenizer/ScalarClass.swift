/// The classes the pre-split patterns distinguish: `\p{L}`, `\p{N}`, `\s` (Unicode White_Space)
/// and everything else, plus CJK ideographs, which the CJK rule cuts out one by one.
enum ScalarClass: UInt8 {
    case other, letter, number, space, ideograph

    /// Classes of the Basic Multilingual Plane, computed once and kept for the process: the
    /// properties API costs tens of nanoseconds a call, too slow for every scalar of a corpus.
    /// A plain pointer, so that scanners can hold it without a lazy-global check per scalar.
    static let bmp: UnsafePointer<ScalarClass> = {
        let table = UnsafeMutablePointer<ScalarClass>.allocate(capacity: 0x10000)
        for v in 0..<0x10000 { table[v] = classify(UInt32(v)) }
        return UnsafePointer(table)
    }()

    static func classify(_ value: UInt32) -> ScalarClass {
        guard let scalar = Unicode.Scalar(value) else { return .other }
        let p = scalar.properties
        if p.isWhitespace { return .space }
        switch p.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter:
            return .letter
        case .otherLetter:
            return p.isIdeographic ? .ideograph : .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        default:
            return .other
        }
    }
}
