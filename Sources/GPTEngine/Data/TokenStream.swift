/// An immutable array of token ids with contiguous storage, shared without copying.
public final class TokenStream {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Int32>
    /// Set when the stream is prompt/response pairs laid end to end: batches then hold whole
    /// pairs and count only the responses' tokens.
    public let pairs: PairIndex?

    public init(_ tokens: [Int32], pairs: PairIndex? = nil) {
        self.pairs = pairs
        count = tokens.count
        pointer = .allocate(capacity: max(count, 1))
        tokens.withUnsafeBufferPointer { pointer.initialize(from: $0.baseAddress!, count: count) }
    }

    deinit { pointer.deallocate() }

    public subscript(i: Int) -> Int32 { pointer[i] }
}

/// Draws (B, T) batches of random windows from a token stream, as nanoGPT's get_batch does:
/// inputs tokens[i ..< i+T], targets tokens[i+1 ..< i+T+1]. Its generator state is saveable.
public struct BatchSampler {
    public var rng: RandomGenerator

    public init(seed: UInt64) { rng = RandomGenerator(seed: seed) }

    /// Fills `inputs` and `targets` (B×T each). Streams shorter than T+1 tokens are an error
    /// the caller checks up front with `canSample`.
    public mutating func fill(inputs: UnsafeMutablePointer<Int32>, targets: UnsafeMutablePointer<Int32>,
                              from data: TokenStream, B: Int, T: Int) {
        if let pairs = data.pairs {
            for b in 0..<B {
                pairs.window(rng.next(below: pairs.count), of: data, inputs: inputs + b * T, targets: targets + b * T, T: T)
            }
            return
        }
        for b in 0..<B {
            let start = rng.next(below: data.count - T)
            let src = data.pointer + start
            (inputs + b * T).update(from: src, count: T)
            (targets + b * T).update(from: src + 1, count: T)
        }
    }

    /// For pairs: there is one, and the longest fits a window.
    public static func canSample(_ data: TokenStream, T: Int) -> Bool {
        if let pairs = data.pairs { return pairs.longest.map { $0.tokens <= T + 1 } ?? false }
        return data.count >= T + 1
    }
}
