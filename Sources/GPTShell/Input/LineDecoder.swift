/// Turns the bytes of one physical line into text, refusing what a command line cannot be.
enum LineDecoder {
    /// Longer lines are refused rather than lexed: nothing legitimate is this long.
    static let maxBytes = 1 << 20

    static func decode(_ bytes: ArraySlice<UInt8>, line: Int, source: String) -> InputLine {
        var bytes = bytes
        if bytes.last == UInt8(ascii: "\r") { bytes = bytes.dropLast() }
        if line == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return .line(text, number: line) }
        return .failure(ShellError("the line is not valid UTF-8",
                                   at: SourceLocation(source: source, line: line, column: validPrefixColumn(bytes))))
    }

    static func tooLong(line: Int, source: String) -> InputLine {
        .failure(ShellError("the line is longer than \(maxBytes / (1 << 20)) MiB",
                            at: SourceLocation(source: source, line: line, column: 1)))
    }

    /// The column of the first character that does not decode.
    private static func validPrefixColumn(_ bytes: ArraySlice<UInt8>) -> Int {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var prefix = String.UnicodeScalarView()
        while case .scalarValue(let scalar) = decoder.decode(&iterator) { prefix.append(scalar) }
        return String(prefix).count + 1
    }
}
