/// How text is cut into chunks before BPE, so that merges never cross a chunk boundary.
/// The name, e.g. "gpt2+cjk", is what tokenizer states record.
public struct PreTokenizer: Equatable, Sendable {
    public enum Pattern: String, CaseIterable, Sendable {
        /// GPT-2's regex.
        case gpt2
        /// GPT-4's (cl100k) regex: numbers in groups of three, punctuation may lead a word.
        case gpt4
        /// No pre-split: merges may span words.
        case none
    }

    public var pattern: Pattern
    /// The CJK rule: every CJK ideograph is a chunk of its own, as if the text were cut
    /// around each before the pattern runs. Both patterns otherwise make a whole run of Han
    /// characters one \p{L}+ word, which gives odd multi-character tokens and slow training.
    public var splitsIdeographs: Bool

    public init(pattern: Pattern, splitsIdeographs: Bool) {
        self.pattern = pattern
        self.splitsIdeographs = splitsIdeographs
    }

    /// Parses a name such as "gpt2", "gpt4+cjk" or "none".
    public init(name: String) throws {
        let cjk = name.hasSuffix(Self.cjkSuffix)
        let base = cjk ? String(name.dropLast(Self.cjkSuffix.count)) : name
        guard let pattern = Pattern(rawValue: base) else {
            let names = Pattern.allCases.map(\.rawValue).joined(separator: ", ")
            throw TokenizerError.invalid("unknown pre-split pattern '\(name)': expected one of \(names), optionally followed by \(Self.cjkSuffix)")
        }
        self.init(pattern: pattern, splitsIdeographs: cjk)
    }

    public var name: String { pattern.rawValue + (splitsIdeographs ? Self.cjkSuffix : "") }

    private static let cjkSuffix = "+cjk"

    /// Calls `body` with the byte range of each chunk of `bytes` (valid UTF-8), in order.
    func forEachChunk(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) throws -> Void) rethrows {
        guard !bytes.isEmpty else { return }
        let cursor = ScalarCursor(bytes, splitsIdeographs: splitsIdeographs)
        switch pattern {
        case .gpt2: try Self.walk(cursor, GPT2Scanner.chunkEnd, body)
        case .gpt4: try Self.walk(cursor, GPT4Scanner.chunkEnd, body)
        case .none: try forEachIdeographCut(cursor, body)
        }
    }

    /// Hands `body` one chunk after another, as the pattern's scanner cuts them.
    @inline(__always)
    private static func walk(_ cursor: ScalarCursor, _ chunkEnd: (ScalarCursor, Int) -> Int,
                             _ body: (Range<Int>) throws -> Void) rethrows {
        var i = 0
        while i < cursor.end {
            let j = chunkEnd(cursor, i)
            try body(i..<j)
            i = j
        }
    }

    /// The chunks of `text`, for tests and the shell.
    public func chunks(of text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in
            var out: [String] = []
            forEachChunk(bytes) { out.append(String(decoding: bytes[$0], as: UTF8.self)) }
            return out
        }
    }

    /// Without a pattern the only cuts are the CJK rule's (if on).
    private func forEachIdeographCut(_ cursor: ScalarCursor, _ body: (Range<Int>) throws -> Void) rethrows {
        guard splitsIdeographs else { return try body(0..<cursor.end) }
        var start = 0, i = 0
        while i < cursor.end {
            let (c, n) = cursor.classAndLength(at: i)
            if c == .ideograph {
                if start < i { try body(start..<i) }
                try body(i..<(i + n))
                start = i + n
            }
            i += n
        }
        if start < cursor.end { try body(start..<cursor.end) }
    }
}
