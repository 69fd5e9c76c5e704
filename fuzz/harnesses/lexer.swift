@testable import GPTShell

/// The lexer and the parser, one input as lines of a script: a line ending in `\` continues,
/// as `LogicalLines` feeds it, and every statement is parsed against the command table.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parser = CommandParser(table: CommandSpec.table)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
    var number = 1
    while let first = lines.popFirst() {
        var lexer = Lexer(first, source: "fuzz", line: number)
        number += 1
        while true {
            guard let result = try? lexer.run() else { break }
            if case .tokens(let tokens) = result {
                for statement in CommandParser.statements(tokens) { _ = try? parser.parse(statement) }
                break
            }
            guard let next = lines.popFirst() else { break }
            lexer.resume(with: next)
            number += 1
        }
    }
    return 0
}
