/// The training corpus as linked lists of symbols, one list per distinct chunk, with the
/// weighted count and the positions of every adjacent pair.
struct MergeState {
    /// Symbol at each position; -1 once merged into its left neighbour.
    private var symbols: [Int32] = []
    private var next: [Int32] = []
    private var prev: [Int32] = []
    /// How often the chunk holding each position occurs.
    private var weights: [Int] = []
    private var pairIndex: [UInt64: Int32] = [:]
    private var pairKeys: [UInt64] = []
    private var counts: [Int] = []
    /// Left positions where each pair was formed, in increasing order; some may be stale.
    private var occurrences: [[Int32]] = []
    private var heap = MinHeap<Candidate>()
    /// Pairs formed by the current merge, pushed once it is done.
    private var formed: [Int32] = []

    /// Heap order: higher count first, then the lower pair (left id, then right id).
    private struct Candidate: Comparable {
        let count: Int
        let key: UInt64
        let index: Int32

        static func < (a: Candidate, b: Candidate) -> Bool {
            a.count != b.count ? a.count > b.count : a.key < b.key
        }
    }

    init(chunks: ChunkTable) {
        for e in 0..<chunks.count {
            chunks.withKey(e) { bytes in
                guard bytes.count > 1 else { return }
                let start = symbols.count
                for (k, b) in bytes.enumerated() {
                    symbols.append(Int32(b))
                    prev.append(k == 0 ? -1 : Int32(start + k - 1))
                    next.append(k == bytes.count - 1 ? -1 : Int32(start + k + 1))
                    weights.append(chunks.values[e])
                }
            }
        }
        for p in 0..<symbols.count where next[p] >= 0 {
            let k = index(symbols[p], symbols[Int(next[p])])
            counts[k] += weights[p]
            occurrences[k].append(Int32(p))
        }
        for i in counts.indices { heap.push(Candidate(count: counts[i], key: pairKeys[i], index: Int32(i))) }
    }

    /// Merges the most frequent pair everywhere into `newId` and returns it; nil when no pair
    /// is left. Counts only ever fall, except for pairs holding `newId`, which are new: so a
    /// heap entry whose count is out of date is simply pushed again with the current count.
    mutating func mergeBest(newId: Int32) -> (Int32, Int32)? {
        while let top = heap.popMin() {
            let i = Int(top.index)
            let current = counts[i]
            if current <= 0 { continue }
            if current != top.count {
                heap.push(Candidate(count: current, key: top.key, index: top.index))
                continue
            }
            let a = Int32(truncatingIfNeeded: top.key >> 32), b = Int32(truncatingIfNeeded: top.key)
            merge(pair: i, a, b, into: newId)
            return (a, b)
        }
        return nil
    }

    private mutating func merge(pair i: Int, _ a: Int32, _ b: Int32, into newId: Int32) {
        let positions = occurrences[i]
        occurrences[i] = []
        formed.removeAll(keepingCapacity: true)
        for p32 in positions {
            let p = Int(p32)
            let q = Int(next[p])
            guard symbols[p] == a, q >= 0, symbols[q] == b else { continue }
            let w = weights[p]
            let left = Int(prev[p]), right = Int(next[q])
            if left >= 0 {
                counts[index(symbols[left], a)] -= w
                form(symbols[left], newId, at: left, weight: w)
            }
            if right >= 0 {
                counts[index(b, symbols[right])] -= w
                form(newId, symbols[right], at: p, weight: w)
            }
            symbols[p] = newId
            symbols[q] = -1
            next[p] = Int32(right)
            if right >= 0 { prev[right] = Int32(p) }
        }
        counts[i] = 0
        for f in formed {
            let k = Int(f)
            heap.push(Candidate(count: counts[k], key: pairKeys[k], index: f))
        }
    }

    /// Records the new pair (x, y) at `p`; it goes on the heap when the merge is done.
    private mutating func form(_ x: Int32, _ y: Int32, at p: Int, weight: Int) {
        let k = index(x, y)
        if counts[k] == 0 && occurrences[k].isEmpty { formed.append(Int32(k)) }
        counts[k] += weight
        occurrences[k].append(Int32(p))
    }

    private mutating func index(_ a: Int32, _ b: Int32) -> Int {
        let key = MergeTable.key(a, b)
        if let i = pairIndex[key] { return Int(i) }
        let i = pairKeys.count
        pairIndex[key] = Int32(i)
        pairKeys.append(key)
        counts.append(0)
        occurrences.append([])
        return i
    }
}
