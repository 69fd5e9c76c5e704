/// Where a token starts: the source's name (a file path, `<stdin>` or `<command>`), the line
/// and the column, both counted from 1, the column in characters.
public struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
    public var source: String
    public var line: Int
    public var column: Int

    public init(source: String, line: Int, column: Int) {
        self.source = source
        self.line = line
        self.column = column
    }

    public var description: String { "\(source):\(line):\(column)" }
}
