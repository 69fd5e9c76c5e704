/// Splits a corpus into documents (poems, fortunes, …) and joins them with `<|endoftext|>`,
/// so a model learns where one ends instead of running it into the next.
public enum Documents {
    public enum Separator: Equatable, Sendable {
        /// A line holding only this text (surrounding spaces ignored), e.g. "%" in fortune files.
        case line(String)
        /// One or more blank (or whitespace-only) lines.
        case blankLines

        /// "blank", or "line:" and the marker: how checkpoints record it.
        public var code: String {
            switch self {
            case .line(let marker): return "line:" + marker
            case .blankLines: return "blank"
            }
        }

        public init?(code: String) {
            if code == "blank" { self = .blankLines } else if code.hasPrefix("line:") { self = .line(String(code.dropFirst(5))) } else { return nil }
        }
    }

    /// The documents of `text`, each with its own line breaks kept; blank documents dropped.
    public static func split(_ text: String, by separator: Separator) -> [Substring] {
        var docs: [Substring] = []
        var start = text.startIndex
        var lineStart = text.startIndex
        func close(at end: String.Index) {
            let doc = text[start..<end]
            if doc.contains(where: { !$0.isWhitespace }) { docs.append(doc) }
        }
        while lineStart < text.endIndex {
            let newline = text[lineStart...].firstIndex(where: \.isNewline)
            let lineEnd = newline ?? text.endIndex
            let next = newline.map { text.index(after: $0) } ?? text.endIndex
            let line = text[lineStart..<lineEnd].trimmingWhitespace()
            let separates: Bool
            switch separator {
            case .line(let marker): separates = line == marker
            case .blankLines: separates = line.isEmpty
            }
            if separates {
                close(at: lineStart)
                start = next
            }
            lineStart = next
        }
        close(at: text.endIndex)
        return docs
    }

    /// Each document followed by `token`, without blank lines left at the documents' ends.
    public static func join(_ documents: [Substring], with token: String = SpecialToken.endOfText) -> String {
        documents.map { trimmingTrailingBlankLines($0) + token }.joined()
    }

    /// `join(split(text, by: separator))`.
    public static func joined(_ text: String, by separator: Separator, with token: String = SpecialToken.endOfText) -> String {
        join(split(text, by: separator), with: token)
    }

    /// Keeps the document's last line break: text after `<|endoftext|>` starts a fresh line.
    private static func trimmingTrailingBlankLines(_ doc: Substring) -> Substring {
        var end = doc.endIndex
        while end > doc.startIndex {
            let before = doc.index(before: end)
            guard doc[before].isWhitespace else { break }
            end = before
        }
        guard end < doc.endIndex, let newline = doc[end...].firstIndex(where: \.isNewline) else { return doc[..<end] }
        return doc[...newline]
    }
}

extension Substring {
    fileprivate func trimmingWhitespace() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return self[endIndex...] }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return self[first...last]
    }
}
