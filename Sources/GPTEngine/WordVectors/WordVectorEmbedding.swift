/// How `init vectors=PATH` went: which file, how many tokens it covered, and how its vectors
/// were fitted to the model.
public struct WordVectorCoverage: Equatable, Sendable {
    public enum Mapping: Equatable, Sendable {
        /// The file's dimension is n_embd.
        case copied
        /// Fewer dimensions than n_embd: they fill the first columns of a row, the rest keep their
        /// random init.
        case firstColumns(Int)
        /// More dimensions than n_embd: a fixed Gaussian random projection (seeded by the model's
        /// seed) takes them down, keeping angles between vectors close to what they were.
        case projected(from: Int)
    }

    public let file: WordVectorFileSummary
    public let covered: Int
    /// Tokens that could be covered: all but special tokens.
    public let coverable: Int
    public let mapping: Mapping
    /// What the vectors were multiplied by so that their root mean square is the init's 0.02.
    public let scale: Float
    /// A few covered tokens, the lowest ids first.
    public let examples: [String]
}

extension GPT {
    /// The init's standard deviation for embeddings (see `initialize`), which the pretrained
    /// rows are scaled to, so that they start at the same size as the rows they replace.
    static let embeddingScale: Float = 0.02

    /// Replaces the `wte` row of every token that is a word in the file (a word-tokenizer token
    /// " cat" is the word "cat" when the file has no " cat"; single ASCII characters are left
    /// out) with that word's vector, mapped to n_embd and scaled (see `WordVectorCoverage`).
    /// The model is unchanged if reading fails.
    func applyWordVectors(path: String, tokenizer: any Tokenizer, seed: UInt64) throws -> WordVectorCoverage {
        let V = config.vocabSize, C = config.nEmbd
        let specials = Set(tokenizer.specialTokens.values)
        // Exact spellings outrank spellings without their leading space.
        var exact: [String: [Int32]] = [:], spaced: [String: [Int32]] = [:]
        for id in 0..<Int32(V) where !specials.contains(id) {
            guard let text = String(validating: tokenizer.bytes(of: id), as: UTF8.self), !text.isEmpty else { continue }
            // A lone ASCII character spells words rather than being one ("s" of "'s", "a" of "lamp").
            if text.unicodeScalars.count == 1 && text.unicodeScalars.first!.isASCII { continue }
            exact[text, default: []].append(id)
            if text.count > 1, text.first == " " { spaced[String(text.dropFirst()), default: []].append(id) }
        }
        var rank = [UInt8](repeating: 0, count: V)
        var staged: [Float] = []
        var row = [Int](repeating: -1, count: V)
        var projection: [Float] = []
        var dim = 0, m = 0
        let summary = try WordVectorFile.read(path: path) { word, vector in
            if dim == 0 {
                dim = vector.count
                m = min(dim, C)
                if dim > C { projection = Self.projection(rows: C, columns: dim, seed: seed) }
            }
            for (ids, r) in [(exact[word], UInt8(2)), (spaced[word], UInt8(1))] {
                for id in ids ?? [] where rank[Int(id)] < r {
                    rank[Int(id)] = r
                    if row[Int(id)] < 0 {
                        row[Int(id)] = staged.count / m
                        staged += [Float](repeating: 0, count: m)
                    }
                    let base = row[Int(id)] * m
                    if dim > C {
                        for i in 0..<C {
                            var s: Float = 0
                            for j in 0..<dim { s += projection[i * dim + j] * vector[j] }
                            staged[base + i] = s
                        }
                    } else {
                        for i in 0..<dim { staged[base + i] = vector[i] }
                    }
                }
            }
        }
        let covered = row.filter { $0 >= 0 }.count
        var sumSquares: Double = 0
        for v in staged { sumSquares += Double(v) * Double(v) }
        let rms = staged.isEmpty ? 0 : (sumSquares / Double(staged.count)).squareRoot()
        guard covered == 0 || rms > 0 else {
            throw EngineError.format("'\(path)': every vector of the tokens it covers is zero")
        }
        let scale = covered == 0 ? 1 : Float(Double(Self.embeddingScale) / rms)
        let wte = params.pointer + layout.wte
        for id in 0..<V where row[id] >= 0 {
            for i in 0..<m { wte[id * C + i] = staged[row[id] * m + i] * scale }
        }
        let mapping: WordVectorCoverage.Mapping = dim == C ? .copied : dim < C ? .firstColumns(dim) : .projected(from: dim)
        let examples = (0..<V).filter { row[$0] >= 0 }.prefix(8).map { tokenizer.piece(Int32($0)) }
        return WordVectorCoverage(file: summary, covered: covered, coverable: V - specials.count,
                                  mapping: mapping, scale: scale, examples: examples)
    }

    /// Entries N(0, 1/rows), so a projected vector keeps about its length.
    static func projection(rows: Int, columns: Int, seed: UInt64) -> [Float] {
        var rng = RandomGenerator(seed: seed ^ 0x776F_7264_7665_6373)
        let std = 1 / Double(rows).squareRoot()
        return (0..<(rows * columns)).map { _ in Float(rng.nextGaussian() * std) }
    }
}
