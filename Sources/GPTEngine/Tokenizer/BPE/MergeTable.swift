/// One BPE merge: the adjacent pair it joins and the id of the token it makes.
public struct BPEMerge: Equatable, Hashable, Sendable {
    public var left: Int32
    public var right: Int32
    public var result: Int32

    public init(_ left: Int32, _ right: Int32, result: Int32) {
        self.left = left
        self.right = right
        self.result = result
    }
}

/// The lookups encoding needs: the id of each byte, and each pair's rank and result.
struct MergeTable {
    let byteIds: [Int32]
    /// pair key → rank << 32 | result id.
    private let ranks: [UInt64: UInt64]

    init(byteIds: [Int32], merges: [BPEMerge]) {
        self.byteIds = byteIds
        var ranks: [UInt64: UInt64] = [:]
        ranks.reserveCapacity(merges.count)
        for (rank, m) in merges.enumerated() {
            ranks[Self.key(m.left, m.right)] = UInt64(rank) << 32 | UInt64(UInt32(m.result))
        }
        self.ranks = ranks
    }

    @inline(__always)
    static func key(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(UInt32(a)) << 32 | UInt64(UInt32(b)) }

    /// Rank (high half) and result (low half) of merging `a` then `b`, if they merge.
    @inline(__always)
    func merge(_ a: Int32, _ b: Int32) -> UInt64? { ranks[Self.key(a, b)] }
}
