/// One sample of a stock's tape: market time, last price and cumulative volume.
public struct TapeSample: Sendable, Equatable {
    public var time: Double
    public var price: Int
    public var cumulativeVolume: Int
}

/// A bounded ring buffer of tape samples covering the last `span` seconds, at most one sample per
/// `resolution` seconds (a later tick in the same bucket replaces the earlier one), so memory per
/// stock is fixed however fast it trades: 15 min at 1 s is 902 samples.
public struct RollingWindow: Sendable {
    public let span: Double
    public let resolution: Double
    private var storage: [TapeSample]
    private var start = 0
    public private(set) var count = 0

    public init(span: Double = 900, resolution: Double = 1) {
        self.span = span; self.resolution = max(resolution, 0.001)
        storage = []
    }

    private var capacity: Int { Int((span / resolution).rounded(.up)) + 2 }

    private func index(_ i: Int) -> Int { (start + i) % storage.count }

    /// The `i`-th sample, oldest first.
    public subscript(i: Int) -> TapeSample { storage[index(i)] }

    public var last: TapeSample? { count == 0 ? nil : self[count - 1] }

    /// Adds a sample, replacing the last one when both fall in the same bucket.
    public mutating func append(_ sample: TapeSample) {
        if let last, (last.time / resolution).rounded(.down) == (sample.time / resolution).rounded(.down) || sample.time < last.time {
            storage[index(count - 1)] = TapeSample(time: max(last.time, sample.time), price: sample.price,
                                                   cumulativeVolume: max(last.cumulativeVolume, sample.cumulativeVolume))
            return
        }
        if count == storage.count {
            if storage.count < capacity {
                // Grow lazily: a REST-polled stock never needs the full capacity.
                if start != 0 { storage = (0..<count).map { self[$0] }; start = 0 }
                storage.append(sample)
                count += 1
            } else {
                storage[start] = sample
                start = (start + 1) % storage.count
            }
        } else {
            storage[index(count)] = sample
            count += 1
        }
        trim(before: sample.time - span)
    }

    /// The latest sample at or before `time`, `nil` if the window does not reach back that far.
    public func sample(atOrBefore time: Double) -> TapeSample? {
        var low = 0, high = count - 1, found: Int?
        while low <= high {
            let mid = (low + high) / 2
            if self[mid].time <= time { found = mid; low = mid + 1 } else { high = mid - 1 }
        }
        return found.map { self[$0] }
    }

    /// Drops every sample but the newest one older than `time` (kept as the window's anchor).
    private mutating func trim(before time: Double) {
        while count > 2, self[1].time <= time {
            start = (start + 1) % storage.count
            count -= 1
        }
    }

    /// Forgets everything.
    public mutating func removeAll() { storage = []; start = 0; count = 0 }
}
