/// What a rule is told about the null of one of its statistics for one stock now: the null's
/// location and scale (the stock's own history of the statistic, or a pool of similar stocks while
/// its own is short) and the critical standardized value the false-alarm budget allows
/// (`FalseAlarmBudget`). Gaussian tails on the standardized value: the scale is the stock's own,
/// the shape is assumed (a pooled empirical tail at the budget's 1e-5 level would be made of the
/// day's real events, not of chance).
public struct NullCalibration: Sendable, Equatable {
    public var location: Double
    public var scale: Double
    /// Standardized value at or beyond which the budget allows a signal.
    public var critical: Double
    public var tail: NullTail
    /// Where the null came from: the stock's own history or a pool.
    public var isPooled: Bool

    public init(location: Double, scale: Double, critical: Double, tail: NullTail, isPooled: Bool = false) {
        self.location = location; self.scale = scale; self.critical = critical; self.tail = tail; self.isPooled = isPooled
    }

    /// The statistic with no calibration (a rule's raw z before any history): location 0, scale 1.
    public static func standard(tail: NullTail, critical: Double = .infinity) -> NullCalibration {
        NullCalibration(location: 0, scale: 1, critical: critical, tail: tail, isPooled: true)
    }

    /// How far `value` is beyond the null, in its standard deviations, on the side(s) that matter.
    public func standardized(_ value: Double) -> Double {
        let u = (value - location) / max(scale, 1e-12)
        return tail == .both ? abs(u) : u
    }

    /// Whether `value` is beyond what the budget allows by chance.
    public func exceeds(_ value: Double) -> Bool { standardized(value) >= critical }

    /// The chance of a value at least this extreme under the null (a p-value).
    public func pValue(_ value: Double) -> Double { NormalTail.probability(standardized(value), tail: tail) }

    /// 1 − p, rounded to 6 decimals: the signal's `confidence`. Non-decreasing in how extreme `value` is.
    public func confidence(_ value: Double) -> Double { ((1 - pValue(value)) * 1e6).rounded(.down) / 1e6 }
}
