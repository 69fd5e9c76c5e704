/// Applies merges to one chunk at a time, lowest rank first, and remembers the ids of every
/// chunk it has seen: in running text most chunks repeat, so most cost one hash lookup.
struct ChunkEncoder {
    private var cache = ChunkTable(capacity: 1 << 14)
    private var cachedIds: [Int32] = []
    private var ids: [Int32] = []
    private var prev: [Int32] = []
    private var next: [Int32] = []
    private var heap = MinHeap<UInt64>()

    /// Chunks longer than this are rarely seen twice (and can be a whole text with no
    /// pattern), so they are not cached; counts are packed in `countBits` bits.
    private static let maxCachedLength = 256
    private static let countBits = 16
    /// Bounds the memory of the cache on endless streams of new chunks.
    private static let maxCachedIds = 1 << 24

    mutating func encode(_ chunk: UnsafeBufferPointer<UInt8>, with table: MergeTable, into out: inout [Int32]) {
        let cacheable = chunk.count <= Self.maxCachedLength
        if cacheable, let e = cache.find(chunk) {
            let packed = cache.values[e]
            let start = packed >> Self.countBits, count = packed & (1 << Self.countBits - 1)
            out.append(contentsOf: cachedIds[start..<(start + count)])
            return
        }
        let first = out.count
        merge(chunk, with: table, into: &out)
        guard cacheable else { return }
        if cachedIds.count > Self.maxCachedIds {
            cache.removeAll()
            cachedIds.removeAll(keepingCapacity: true)
        }
        let packed = cachedIds.count << Self.countBits | (out.count - first)
        cachedIds.append(contentsOf: out[first...])
        _ = cache.findOrInsert(chunk, value: packed)
    }

    /// GPT-2's `bpe()`: repeatedly merge the adjacent pair of lowest rank, leftmost first.
    /// A heap of (rank, position) and a linked list keep long chunks O(n log n).
    private mutating func merge(_ chunk: UnsafeBufferPointer<UInt8>, with table: MergeTable, into out: inout [Int32]) {
        let n = chunk.count
        if n == 1 { return out.append(table.byteIds[Int(chunk[0])]) }
        ids.removeAll(keepingCapacity: true)
        prev.removeAll(keepingCapacity: true)
        next.removeAll(keepingCapacity: true)
        heap.removeAll()
        for (p, b) in chunk.enumerated() {
            ids.append(table.byteIds[Int(b)])
            prev.append(Int32(p - 1))
            next.append(p + 1 < n ? Int32(p + 1) : -1)
        }
        for p in 0..<(n - 1) { pushPair(at: p, with: table) }
        while let entry = heap.popMin() {
            let p = Int(entry & 0xFFFF_FFFF), rank = entry >> 32
            let q = Int(next[p])
            guard ids[p] >= 0, q >= 0, let m = table.merge(ids[p], ids[q]), m >> 32 == rank else { continue }
            ids[p] = Int32(truncatingIfNeeded: m)
            ids[q] = -1
            let r = next[q]
            next[p] = r
            if r >= 0 { prev[Int(r)] = Int32(p) }
            if prev[p] >= 0 { pushPair(at: Int(prev[p]), with: table) }
            if r >= 0 { pushPair(at: p, with: table) }
        }
        var p = 0
        while p >= 0 {
            out.append(ids[p])
            p = Int(next[p])
        }
    }

    @inline(__always)
    private mutating func pushPair(at p: Int, with table: MergeTable) {
        if let m = table.merge(ids[p], ids[Int(next[p])]) { heap.push(m & ~0xFFFF_FFFF | UInt64(p)) }
    }
}
