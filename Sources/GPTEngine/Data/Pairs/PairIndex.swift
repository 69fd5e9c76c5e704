/// Where each pair lies in a token stream of pairs laid end to end: pair k is tokens
/// starts[k] ..< starts[k + 1], of which the first contextLengths[k] are its prompt and
/// separator and the rest its response and `<|endoftext|>`.
public struct PairIndex: Sendable {
    public let starts: [Int]
    public let contextLengths: [Int]
    /// The file line each pair came from.
    public let lines: [Int]

    /// The token stream of `pairs` encoded in `format`, with its index.
    public static func encode(_ pairs: ArraySlice<PromptPair>, format: PromptFormat, with tokenizer: any Tokenizer) throws -> TokenStream {
        var ids: [Int32] = []
        var starts = [0], contexts: [Int] = [], lines: [Int] = []
        for pair in pairs {
            let (tokens, context) = try format.encode(pair, with: tokenizer)
            ids += tokens
            starts.append(ids.count)
            contexts.append(context)
            lines.append(pair.line)
        }
        return TokenStream(ids, pairs: PairIndex(starts: starts, contextLengths: contexts, lines: lines))
    }

    public var count: Int { contextLengths.count }

    public func length(_ k: Int) -> Int { starts[k + 1] - starts[k] }

    /// The first longest pair, with its length in tokens.
    public var longest: (pair: Int, tokens: Int)? {
        guard count > 0 else { return nil }
        let k = (0..<count).max { length($0) < length($1) || (length($0) == length($1) && $0 > $1) }!
        return (k, length(k))
    }

    /// Tokens the loss counts over all pairs: each response and its `<|endoftext|>`.
    public var countedTargets: Int { (0..<count).reduce(0) { $0 + length($1) - contextLengths[$1] } }

    /// Writes pair k as one window of T positions from its start: inputs are its tokens, then
    /// its `<|endoftext|>` repeated as padding; target i is token i + 1 where that token is
    /// part of the response or the closing `<|endoftext|>`, and −1 (not counted) elsewhere.
    /// The pair must fit: length(k) ≤ T + 1.
    public func window(_ k: Int, of data: TokenStream, inputs: UnsafeMutablePointer<Int32>,
                       targets: UnsafeMutablePointer<Int32>, T: Int) {
        let start = starts[k], n = length(k), context = contextLengths[k]
        precondition(n <= T + 1 && context >= 1 && n > context)
        let pad = data[start + n - 1]
        for i in 0..<T {
            inputs[i] = i < n ? data[start + i] : pad
            targets[i] = i + 1 >= context && i + 1 < n ? data[start + i + 1] : -1
        }
    }
}
