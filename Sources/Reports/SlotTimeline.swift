import IPC

/// Who held a WebSocket trade slot when: the allocator's holders of tier 1 (trades + book) and
/// tier 2 (trades) after each allocation change, from the timeline's `allocation` records. Index
/// slots (tier 0) are not trade slots. Empty (no change recorded) means nobody ever held one.
public struct SlotTimeline: Sendable, Equatable {
    /// Seconds of the KST day of each change, ascending, and the trade-slot holders from then on.
    public private(set) var changes: [(second: Double, codes: Set<String>)]

    public init() { changes = [] }

    /// From `(second of day, holders)` pairs, in any order.
    public init(changes: [(second: Double, codes: Set<String>)]) {
        self.changes = changes.sorted { $0.second < $1.second }
    }

    /// From `timeline.jsonl` records (samples are skipped).
    public init(allocations records: [TimelineRecord]) {
        self.init(changes: records.filter(\.isAllocation).map { record in
            (MarketClock.secondsOfDay(record.t), Set((record.holders ?? []).filter { $0.tier > 0 }.map(\.code)))
        })
    }

    /// Whether `code` held a trade slot at `second` (seconds of the KST day).
    public func holds(_ code: String, at second: Double) -> Bool {
        // The last change at or before `second`, by binary search.
        var low = 0, high = changes.count
        while low < high {
            let middle = (low + high) / 2
            if changes[middle].second <= second { low = middle + 1 } else { high = middle }
        }
        return low > 0 && changes[low - 1].codes.contains(code)
    }

    public static func == (lhs: SlotTimeline, rhs: SlotTimeline) -> Bool {
        lhs.changes.elementsEqual(rhs.changes) { $0.second == $1.second && $0.codes == $1.codes }
    }
}
