import Foundation

/// Reads `load pairs` files: JSON Lines of `{"prompt": …, "response": …}` objects (other keys
/// are ignored), or plain two-column TSV (prompt, a tab, response; no quoting or escapes).
/// Blank lines are skipped. Every error names the file, line and column.
public enum PairsFile {
    public enum Kind: String, CaseIterable, Sendable {
        case jsonl, tsv
    }

    /// The pairs of the file at `path`, in file order. `kind` nil picks by the extension
    /// (.jsonl, .json, .tsv) or else by the first non-blank line (`{` starts JSON Lines).
    public static func read(path: String, kind: Kind? = nil) throws -> [PromptPair] {
        let data = try BoundedFileRead.read(path)
        return try parse(Array(data), path: path, kind: kind)
    }

    public static func parse(_ bytes: [UInt8], path: String, kind: Kind? = nil) throws -> [PromptPair] {
        let lines = try decodeLines(bytes, path: path)
        let kind = kind ?? guessKind(path: path, lines: lines)
        var pairs: [PromptPair] = []
        for (index, line) in lines.enumerated() where line.contains(where: { !$0.properties.isWhitespace }) {
            let n = index + 1
            let pair = try kind == .jsonl ? jsonPair(line, line: n, path: path) : tsvPair(line, line: n, path: path)
            for (field, text) in [("prompt", pair.prompt), ("response", pair.response)] where text.contains(SpecialToken.endOfText) {
                throw EngineError.format("\(path):\(n):\(column(of: SpecialToken.endOfText, in: line)): the \(field) holds \(SpecialToken.endOfText), which gptsh puts after each response itself")
            }
            pairs.append(pair)
        }
        guard !pairs.isEmpty else { throw EngineError.format("'\(path)' holds no pairs") }
        return pairs
    }

    /// The file's lines as Unicode scalars, without their line breaks (a CR before LF goes too).
    private static func decodeLines(_ bytes: [UInt8], path: String) throws -> [[Unicode.Scalar]] {
        var lines: [[Unicode.Scalar]] = [[]]
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s):
                if s == "\n" {
                    if lines[lines.count - 1].last == "\r" { lines[lines.count - 1].removeLast() }
                    lines.append([])
                } else {
                    lines[lines.count - 1].append(s)
                }
            case .emptyInput:
                if lines.count > 1 && lines[lines.count - 1].isEmpty { lines.removeLast() }
                return lines
            case .error:
                throw EngineError.format("\(path):\(lines.count):\(lines[lines.count - 1].count + 1): not valid UTF-8")
            }
        }
    }

    private static func guessKind(path: String, lines: [[Unicode.Scalar]]) -> Kind {
        switch (path as NSString).pathExtension.lowercased() {
        case "jsonl", "json": return .jsonl
        case "tsv": return .tsv
        default:
            let first = lines.first { $0.contains { !$0.properties.isWhitespace } }
            return first?.first { !$0.properties.isWhitespace } == "{" ? .jsonl : .tsv
        }
    }

    private static func tsvPair(_ line: [Unicode.Scalar], line n: Int, path: String) throws -> PromptPair {
        let tabs = line.indices.filter { line[$0] == "\t" }
        guard let tab = tabs.first else {
            throw EngineError.format("\(path):\(n):\(line.count + 1): no tab: a TSV line holds a prompt, a tab and a response")
        }
        if tabs.count > 1 {
            throw EngineError.format("\(path):\(n):\(tabs[1] + 1): a second tab: a TSV line holds a prompt, one tab and a response")
        }
        let prompt = String(String.UnicodeScalarView(line[..<tab]))
        let response = String(String.UnicodeScalarView(line[(tab + 1)...]))
        if prompt.isEmpty { throw EngineError.format("\(path):\(n):1: the prompt is empty") }
        if response.isEmpty { throw EngineError.format("\(path):\(n):\(tab + 2): the response is empty") }
        return PromptPair(prompt: prompt, response: response, line: n, promptColumn: 1, responseColumn: tab + 2)
    }

    private static func jsonPair(_ line: [Unicode.Scalar], line n: Int, path: String) throws -> PromptPair {
        let fields: [String: FlatJSONObject.Member]
        do {
            fields = try FlatJSONObject.parse(line)
        } catch let error as FlatJSONObject.Failure {
            throw EngineError.format("\(path):\(n):\(error.column): \(error.message)")
        }
        var found: [(text: String, column: Int)] = []
        for key in ["prompt", "response"] {
            guard let field = fields[key], let value = field.value else {
                throw EngineError.format("\(path):\(n):1: the object has no \"\(key)\": each line needs {\"prompt\": \"…\", \"response\": \"…\"}")
            }
            if value.isEmpty { throw EngineError.format("\(path):\(n):\(field.column): the \(key) is empty") }
            // Past the opening quote: exact up to the first escape in the string.
            found.append((value, field.column + 1))
        }
        return PromptPair(prompt: found[0].text, response: found[1].text, line: n,
                          promptColumn: found[0].column, responseColumn: found[1].column)
    }

    private static func column(of needle: String, in line: [Unicode.Scalar]) -> Int {
        let target = Array(needle.unicodeScalars)
        for start in line.indices where line[start...].starts(with: target) { return start + 1 }
        return 1
    }
}
