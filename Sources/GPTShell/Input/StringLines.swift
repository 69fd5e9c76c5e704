/// Lines of a string: the `-c` argument, and tests.
public final class StringLines: LineSource {
    public let name: String
    private var lines: [String]
    private var index = 0

    public init(_ text: String, name: String = "<command>") {
        self.name = name
        // Split on scalars: as Characters, "\r\n" is one cluster and would hide the newline.
        lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        if lines.last == "" { lines.removeLast() }
    }

    public func nextLine(continuing: Bool) -> InputLine {
        guard index < lines.count else { return .end }
        index += 1
        var line = lines[index - 1]
        if line.hasSuffix("\r") { line.removeLast() }
        return .line(line, number: index)
    }
}
