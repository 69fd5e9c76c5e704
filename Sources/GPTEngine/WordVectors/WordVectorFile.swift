import Foundation

/// The three formats of pretrained word vectors, told apart by their first lines: word2vec's
/// text (a header line `count dim`, then `word v1 … vdim` per line), word2vec's binary (the same
/// header, then per word its UTF-8, a space and dim little-endian float32s, with or without a
/// newline after) and GloVe's text (no header).
public enum WordVectorFormat: String, Sendable {
    case word2vecText = "word2vec text"
    case word2vecBinary = "word2vec binary"
    case gloveText = "GloVe text"
}

public struct WordVectorFileSummary: Equatable, Sendable {
    public let format: WordVectorFormat
    public let dimension: Int
    public let words: Int
}

/// Reads a word-vector file one word at a time through a fixed buffer, so a 1 GB file of 3M
/// words costs the memory of one vector: every value is checked (a number, finite, as many
/// per word as the file's dimension) and every error names the line and column.
public enum WordVectorFile {
    public static let maxDimension = 10_000
    public static let maxWordBytes = 1_000
    static let maxLineBytes = maxWordBytes + maxDimension * 40

    typealias Visit = (String, UnsafeBufferPointer<Float>) throws -> Void

    /// Calls `visit` with each word and its vector, in file order.
    @discardableResult
    public static func read(path: String, visit: (String, UnsafeBufferPointer<Float>) throws -> Void) throws -> WordVectorFileSummary {
        let reader = try ByteReader(path: path)
        guard let first = reader.line(limit: maxLineBytes) else { throw EngineError.format("'\(path)' is empty: no word vectors") }
        guard !first.tooLong else { throw lineTooLong(path, 1) }
        let fields = TextFields(first.bytes)
        guard fields.ranges.count == 2, let count = fields.integer(0), let dim = fields.integer(1) else {
            let dim = fields.ranges.count - 1
            guard dim >= 1, dim <= maxDimension else {
                throw EngineError.format("\(path):1:1: not a word-vector file: the first line is neither a `count dim` header nor a word and its values")
            }
            let words = try readLines(reader, first: first.bytes, dimension: dim, path: path, visit: visit)
            return WordVectorFileSummary(format: .gloveText, dimension: dim, words: words)
        }
        guard (1...maxDimension).contains(dim) else {
            throw EngineError.format("\(path):1:\(fields.column(1)): the dimension \(dim) is not between 1 and \(maxDimension)")
        }
        guard count >= 1 else { throw EngineError.format("\(path):1:1: the header counts \(count) words") }
        let binary = reader.looksBinary(dimension: dim)
        let words = binary
            ? try readBinary(reader, count: count, dimension: dim, path: path, visit: visit)
            : try readLines(reader, first: nil, dimension: dim, path: path, visit: visit)
        guard words == count else {
            throw EngineError.format("'\(path)': the header promises \(count) words but the file holds \(words)")
        }
        return WordVectorFileSummary(format: binary ? .word2vecBinary : .word2vecText, dimension: dim, words: words)
    }

    /// Text lines to the end of the file; `first` is GloVe's first line, already read (its
    /// values set the dimension). Returns the number of words.
    private static func readLines(_ reader: ByteReader, first: [UInt8]?, dimension: Int, path: String, visit: Visit) throws -> Int {
        var vector = [Float](repeating: 0, count: dimension)
        var words = 0
        var number = first == nil ? 1 : 0
        var line = first.map { (bytes: $0, tooLong: false) }
        if line == nil { line = reader.line(limit: maxLineBytes) }
        while let l = line {
            number += 1
            guard !l.tooLong else { throw lineTooLong(path, number) }
            if !l.bytes.allSatisfy({ $0 == 32 || $0 == 9 }) {
                let word = try parse(l.bytes, into: &vector, dimension: dimension, path: path, line: number,
                                     dimensionFrom: first == nil ? nil : 1)
                words += 1
                try vector.withUnsafeBufferPointer { try visit(word, $0) }
            }
            line = reader.line(limit: maxLineBytes)
        }
        return words
    }

    /// Up to `count` binary records: a word, a space, `dimension` float32s.
    private static func readBinary(_ reader: ByteReader, count: Int, dimension: Int, path: String, visit: Visit) throws -> Int {
        var vector = [Float](repeating: 0, count: dimension)
        var words = 0
        while words < count {
            while reader.peek() == UInt8(ascii: "\n") { reader.skip() }
            guard reader.peek() != nil else { break }
            let place = "'\(path)': word \(words + 1) (byte \(reader.offset))"
            guard let wordBytes = reader.bytes(until: UInt8(ascii: " "), limit: maxWordBytes) else {
                throw EngineError.format("\(place): no space ends the word within \(maxWordBytes) bytes")
            }
            let word = try utf8(wordBytes, place)
            let whole = vector.withUnsafeMutableBytes { reader.read(dimension * 4, into: $0.baseAddress!) }
            guard whole else { throw EngineError.format("\(place) '\(word)': the file ends inside its vector") }
            for (i, v) in vector.enumerated() where !v.isFinite {
                throw EngineError.format("\(place) '\(word)': value \(i + 1) is \(v)")
            }
            words += 1
            try vector.withUnsafeBufferPointer { try visit(word, $0) }
        }
        return words
    }

    /// One text line: the word, then exactly `dimension` finite numbers.
    private static func parse(_ bytes: [UInt8], into vector: inout [Float], dimension: Int, path: String, line: Int,
                              dimensionFrom: Int? = nil) throws -> String {
        let fields = TextFields(bytes)
        let values = fields.ranges.count - 1
        guard values == dimension else {
            let origin = dimensionFrom.map { "line \($0)" } ?? "the header"
            throw EngineError.format("\(path):\(line):1: \(Format.values(values)) after the word, but the file's vectors have \(dimension) (from \(origin))")
        }
        guard fields.ranges[0].count <= maxWordBytes else {
            throw EngineError.format("\(path):\(line):1: the word is longer than \(maxWordBytes) bytes")
        }
        let word = try utf8(Array(bytes[fields.ranges[0]]), "\(path):\(line):1")
        for i in 0..<dimension {
            guard let v = fields.float(i + 1), v.isFinite else {
                let text = String(decoding: bytes[fields.ranges[i + 1]], as: UTF8.self)
                throw EngineError.format("\(path):\(line):\(fields.column(i + 1)): '\(text)' is not a finite number")
            }
            vector[i] = v
        }
        return word
    }

    /// `place` starts the error message: the file and where in it.
    private static func utf8(_ bytes: [UInt8], _ place: String) throws -> String {
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw EngineError.format("\(place): the word is not valid UTF-8")
        }
        return s
    }

    private static func lineTooLong(_ path: String, _ line: Int) -> EngineError {
        EngineError.format("\(path):\(line):1: the line is longer than \(maxLineBytes) bytes: not a word-vector file?")
    }
}

private enum Format {
    static func values(_ n: Int) -> String { n == 1 ? "1 value" : "\(n) values" }
}

extension ByteReader {
    /// After a header: whether the first word's vector is raw floats rather than text. A text
    /// line goes on in printable ASCII to its newline; dim float32s almost never do.
    func looksBinary(dimension: Int) -> Bool {
        peekPrefix(maxBytes: WordVectorFile.maxWordBytes + dimension * 40) { bytes in
            guard let space = bytes.firstIndex(of: UInt8(ascii: " ")) else { return false }
            let rest = bytes[(space + 1)...]
            guard let newline = rest.firstIndex(of: UInt8(ascii: "\n")) else { return rest.count >= dimension * 4 }
            return rest[..<newline].contains { !(0x20...0x7E).contains($0) && $0 != 9 && $0 != 13 }
        }
    }
}
