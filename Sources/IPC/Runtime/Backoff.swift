/// Capped exponential backoff with jitter, as a pure value: `nextDelay` gives the wait before the
/// next attempt, `reset()` after a stretch of healthy uptime.
public struct Backoff: Sendable {
    public var initial: Double
    public var maximum: Double
    public var multiplier: Double
    /// Fraction of the delay randomised: 0.2 means ±20 %.
    public var jitter: Double
    public private(set) var attempt = 0

    public init(initial: Double = 0.1, maximum: Double = 5, multiplier: Double = 2, jitter: Double = 0.2) {
        self.initial = initial; self.maximum = maximum; self.multiplier = multiplier; self.jitter = jitter
    }

    /// The delay in seconds before the next attempt; `random` is a uniform sample in 0..<1.
    public mutating func nextDelay(random: Double = Double.random(in: 0..<1)) -> Double {
        var base = initial
        for _ in 0..<min(attempt, 64) { base *= multiplier; if base >= maximum { break } }
        attempt += 1
        let capped = min(base, maximum)
        return max(0, capped * (1 + jitter * (2 * random - 1)))
    }

    /// Starts over at the initial delay.
    public mutating func reset() { attempt = 0 }
}
