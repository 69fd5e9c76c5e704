/// A binary min-heap. Callers pack a total order into their element, so which of two equal
/// priorities comes first is never left to chance.
struct MinHeap<Element: Comparable> {
    private var items: [Element] = []

    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    mutating func push(_ x: Element) {
        items.append(x)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if !(x < items[parent]) { break }
            items[i] = items[parent]
            i = parent
        }
        items[i] = x
    }

    mutating func popMin() -> Element? {
        guard let last = items.popLast() else { return nil }
        guard !items.isEmpty else { return last }
        let top = items[0]
        let n = items.count
        var i = 0
        while true {
            var child = 2 * i + 1
            if child >= n { break }
            if child + 1 < n && items[child + 1] < items[child] { child += 1 }
            if !(items[child] < last) { break }
            items[i] = items[child]
            i = child
        }
        items[i] = last
        return top
    }
}
