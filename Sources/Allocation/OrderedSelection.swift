/// The elements of an array in the order a full sort by `areInIncreasingOrder` would give them, one
/// at a time, without sorting the whole array: a binary heap built in O(n), popped in O(log n).
/// For decisions that read only the head of an order (the best few of 2,600 stocks), this is the
/// full sort's prefix, element for element, when `areInIncreasingOrder` is a strict total order
/// (ties broken by a unique key), at a fraction of its cost.
struct OrderedSelection<Element> {
    private var heap: [Element]
    private let before: (Element, Element) -> Bool

    /// - Parameter before: `true` when the first element comes before the second in the order.
    init(_ elements: [Element], by before: @escaping (Element, Element) -> Bool) {
        self.heap = elements
        self.before = before
        var parent = heap.count / 2 - 1
        while parent >= 0 {
            siftDown(parent)
            parent -= 1
        }
    }

    var isEmpty: Bool { heap.isEmpty }

    /// The next element in the order, or `nil` when all were taken.
    mutating func next() -> Element? {
        guard !heap.isEmpty else { return nil }
        let first = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return first
    }

    /// The first `count` elements in the order.
    static func prefix(_ elements: [Element], _ count: Int, by before: @escaping (Element, Element) -> Bool) -> [Element] {
        var selection = OrderedSelection(elements, by: before)
        var result: [Element] = []
        result.reserveCapacity(min(max(count, 0), elements.count))
        while result.count < count, let element = selection.next() { result.append(element) }
        return result
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let count = heap.count
        while true {
            let left = 2 * parent + 1
            guard left < count else { return }
            var best = left
            let right = left + 1
            if right < count, before(heap[right], heap[left]) { best = right }
            guard before(heap[best], heap[parent]) else { return }
            heap.swapAt(parent, best)
            parent = best
        }
    }
}
