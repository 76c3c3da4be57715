/// What a rule is told about the null of one of its statistics for one stock now: the null's
/// location and scale (the stock's own history of the statistic, or a pool of similar stocks while
/// its own is short) and the critical standardized value the false-alarm budget allows
/// (`FalseAlarmBudget`). Student's t tails on the standardized value, with the degrees of freedom
/// of the samples the null rests on (`StudentTail`): the scale is the stock's own, the Gaussian
/// shape under it is assumed (a pooled empirical tail at the budget's 1e-5 level would be made of
/// the day's real events, not of chance).
public struct NullCalibration: Sendable, Equatable {
    public var location: Double
    public var scale: Double
    /// Standardized value at or beyond which the budget allows a signal.
    public var critical: Double
    public var tail: NullTail
    /// Degrees of freedom of the null's estimate (samples − 1; `.infinity`: known exactly).
    public var degrees: Double
    /// Where the null came from: the stock's own history or a pool.
    public var isPooled: Bool

    public init(location: Double, scale: Double, critical: Double, tail: NullTail, degrees: Double = .infinity, isPooled: Bool = false) {
        self.location = location; self.scale = scale; self.critical = critical; self.tail = tail; self.degrees = degrees
        self.isPooled = isPooled
    }

    /// The null estimated from `distribution`'s samples, with the critical value matching the
    /// normal critical value `normal` (nil: no budget, critical 0) at its degrees of freedom.
    public init(_ distribution: NullDistribution, normal: Double?, tail: NullTail, isPooled: Bool) {
        let n = Double(distribution.count)
        let degrees = max(1, n - 1)
        self.init(location: distribution.mean, scale: distribution.standardDeviation * (1 + 1 / max(n, 1)).squareRoot(),
                  critical: normal.map { StudentTail.quantile(normal: $0, degrees: degrees) } ?? 0, tail: tail,
                  degrees: degrees, isPooled: isPooled)
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
    public func pValue(_ value: Double) -> Double { StudentTail.probability(standardized(value), degrees: degrees, tail: tail) }

    /// 1 − p, rounded to 6 decimals: the signal's `confidence`. Non-decreasing in how extreme `value` is.
    public func confidence(_ value: Double) -> Double { ((1 - pValue(value)) * 1e6).rounded(.down) / 1e6 }
}
