/// Events per second over a sliding window of whole seconds, as a pure value.
public struct RateMeter: Sendable, Equatable {
    private var buckets: [Int]
    private var bucketSecond: [Int]
    public let windowSeconds: Int
    public init(windowSeconds: Int = 10) {
        self.windowSeconds = max(1, windowSeconds)
        // One more bucket than the window: the current, still filling second.
        buckets = Array(repeating: 0, count: self.windowSeconds + 1)
        bucketSecond = Array(repeating: Int.min, count: self.windowSeconds + 1)
    }

    /// Adds `count` events at time `now` (seconds).
    public mutating func record(_ count: Int, at now: Double) {
        let second = Int(now.rounded(.down))
        let slot = ((second % buckets.count) + buckets.count) % buckets.count
        if bucketSecond[slot] != second { bucketSecond[slot] = second; buckets[slot] = 0 }
        buckets[slot] += count
    }

    /// The mean rate over the last full window before `now` (the current second excluded).
    public func rate(at now: Double) -> Double {
        let current = Int(now.rounded(.down))
        var total = 0
        for slot in buckets.indices where bucketSecond[slot] < current && bucketSecond[slot] >= current - windowSeconds {
            total += buckets[slot]
        }
        return Double(total) / Double(windowSeconds)
    }
}
