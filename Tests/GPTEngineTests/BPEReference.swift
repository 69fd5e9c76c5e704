@testable import GPTEngine

/// Slow, obviously-correct BPE: the definitions the fast trainer and encoder must match.
enum BPEReference {
    /// Recounts every pair before each merge and picks the most frequent, lowest pair first;
    /// applies each merge left to right. Chunks are counted with `PreTokenizer.chunks`.
    static func train(_ text: String, merges: Int, preTokenizer: PreTokenizer) -> [(Int32, Int32)] {
        var counts: [[UInt8]: Int] = [:]
        for chunk in preTokenizer.chunks(of: text) { counts[Array(chunk.utf8), default: 0] += 1 }
        var words = counts.map { (ids: $0.key.map { Int32($0) }, count: $0.value) }
        var result: [(Int32, Int32)] = []
        while result.count < merges {
            var pairs: [UInt64: Int] = [:]
            for w in words where w.ids.count > 1 {
                for k in 0..<(w.ids.count - 1) { pairs[MergeTable.key(w.ids[k], w.ids[k + 1]), default: 0] += w.count }
            }
            guard let best = pairs.filter({ $0.value > 0 }).min(by: { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }) else { break }
            let a = Int32(best.key >> 32), b = Int32(best.key & 0xFFFF_FFFF), id = Int32(256 + result.count)
            for i in words.indices { words[i].ids = apply(a, b, id, to: words[i].ids) }
            result.append((a, b))
        }
        return result
    }

    /// GPT-2's `bpe()`: merge the lowest-ranked adjacent pair everywhere, until none merges.
    static func encodeChunk(_ bytes: [UInt8], merges: [BPEMerge], byteIds: [Int32]) -> [Int32] {
        var ids = bytes.map { byteIds[Int($0)] }
        var rank: [UInt64: Int] = [:]
        for (r, m) in merges.enumerated() where rank[MergeTable.key(m.left, m.right)] == nil { rank[MergeTable.key(m.left, m.right)] = r }
        while ids.count > 1 {
            let ranked = (0..<(ids.count - 1)).compactMap { k in rank[MergeTable.key(ids[k], ids[k + 1])] }
            guard let r = ranked.min() else { break }
            ids = apply(merges[r].left, merges[r].right, merges[r].result, to: ids)
        }
        return ids
    }

    static func apply(_ a: Int32, _ b: Int32, _ id: Int32, to ids: [Int32]) -> [Int32] {
        var out: [Int32] = []
        var k = 0
        while k < ids.count {
            if k + 1 < ids.count && ids[k] == a && ids[k + 1] == b {
                out.append(id)
                k += 2
            } else {
                out.append(ids[k])
                k += 1
            }
        }
        return out
    }
}
