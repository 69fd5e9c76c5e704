/// The classes the pre-split patterns distinguish: `\p{L}`, `\p{N}`, `\s` (Unicode White_Space)
/// and everything else, plus CJK ideographs, which the CJK rule cuts out one by one.
enum ScalarClass: UInt8 {
    case other, letter, number, space, ideograph

    /// Classes of the Basic Multilingual Plane, computed once: the properties API costs
    /// tens of nanoseconds a call, too slow for every scalar of a corpus.
    private static let bmp: [ScalarClass] = (0..<0x10000).map { classify(UInt32($0)) }

    @inline(__always)
    static func of(_ value: UInt32) -> ScalarClass {
        value < 0x10000 ? bmp.withUnsafeBufferPointer { $0[Int(value)] } : classify(value)
    }

    private static func classify(_ value: UInt32) -> ScalarClass {
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
