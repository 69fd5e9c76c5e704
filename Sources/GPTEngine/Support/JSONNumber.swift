import Foundation

/// Reading numbers out of `JSONSerialization`'s objects, which hand JSON's `true` back as an
/// NSNumber equal to 1 and `62.5` as one whose `intValue` is 62: a count read from a file must
/// be neither.
enum JSONNumber {
    /// `value` as an Int when it is a JSON number with no fractional part, else nil.
    static func whole(_ value: Any) -> Int? {
        guard let n = value as? NSNumber, !isBoolean(n) else { return nil }
        return Int(exactly: n.doubleValue)
    }

    static func isBoolean(_ value: Any) -> Bool {
        guard let n = value as? NSNumber else { return false }
        return String(cString: n.objCType) == "c"
    }

    /// A JSON value as it appears in the file, for messages: `"32"` (a string), `true`, `62.5`.
    static func describe(_ value: Any) -> String {
        switch value {
        case let s as String: return "the string \"\(s)\""
        case let n as NSNumber: return isBoolean(n) ? (n.boolValue ? "true" : "false") : "\(n)"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "null"
        }
    }
}
