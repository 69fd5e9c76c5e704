import Foundation

/// A line of a text word-vector file cut at spaces and tabs, its numbers read in place.
struct TextFields {
    let bytes: [UInt8]
    let ranges: [Range<Int>]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes + [0]
        var ranges: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            while i < bytes.count && (bytes[i] == 32 || bytes[i] == 9) { i += 1 }
            let start = i
            while i < bytes.count && bytes[i] != 32 && bytes[i] != 9 { i += 1 }
            if i > start { ranges.append(start..<i) }
        }
        self.ranges = ranges
    }

    func integer(_ field: Int) -> Int? {
        Int(String(decoding: bytes[ranges[field]], as: UTF8.self))
    }

    /// The field as a float, or nil unless all of it is one number.
    func float(_ field: Int) -> Float? {
        let r = ranges[field]
        return bytes.withUnsafeBufferPointer { p -> Float? in
            let begin = UnsafeRawPointer(p.baseAddress! + r.lowerBound).assumingMemoryBound(to: CChar.self)
            var stop: UnsafeMutablePointer<CChar>?
            let v = strtof(begin, &stop)
            guard let stop, UnsafeRawPointer(stop) == UnsafeRawPointer(p.baseAddress! + r.upperBound) else { return nil }
            return v
        }
    }

    /// The 1-based column, in characters, where `field` starts.
    func column(_ field: Int) -> Int {
        bytes[..<ranges[field].lowerBound].filter { $0 & 0xC0 != 0x80 }.count + 1
    }
}
