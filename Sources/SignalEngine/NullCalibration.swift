/// What a rule is told about the null of one of its statistics for one stock now: the null's
/// location and scale (the stock's own history of the statistic, or a pool of similar stocks while
/// its own is short) and the critical standardized value the false-alarm budget allows
/// (`FalseAlarmBudget`). Student's t tails on the standardized value, with the degrees of freedom
/// of the samples the null rests on (`StudentTail`) until the pool of similar stocks has a fitted
/// tail (`TailFit`); from then on the stock's own history gives the location and scale, the pool
/// the shape: the critical value and the p-value come from the pool's power-law tail of the
/// standardized statistic, which holds for the heavy tails of real returns and volumes where the
/// Gaussian shape put the budget's threshold orders of magnitude too low.
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
    /// The pool's tail of the standardized statistic (nil: the Student-t shape).
    public var fit: TailFit?

    public init(location: Double, scale: Double, critical: Double, tail: NullTail, degrees: Double = .infinity, isPooled: Bool = false,
                fit: TailFit? = nil) {
        self.location = location; self.scale = scale; self.critical = critical; self.tail = tail; self.degrees = degrees
        self.isPooled = isPooled; self.fit = fit
    }

    /// The null estimated from `distribution`'s samples. With a pool's tail `fit`, the critical value
    /// is its quantile at the per-test probability `probability`; without, the Student-t value
    /// matching the normal critical value `normal` at the samples' degrees of freedom (either nil: no
    /// budget, critical 0).
    public init(_ distribution: NullDistribution, normal: Double?, probability: Double? = nil, tail: NullTail, isPooled: Bool,
                fit: TailFit? = nil) {
        let n = Double(distribution.count)
        let degrees = max(1, n - 1)
        let critical: Double
        if let fit, let probability { critical = fit.quantile(probability) }
        else { critical = normal.map { StudentTail.quantile(normal: $0, degrees: degrees) } ?? 0 }
        self.init(location: distribution.mean, scale: distribution.standardDeviation * (1 + 1 / max(n, 1)).squareRoot(),
                  critical: critical, tail: tail, degrees: degrees, isPooled: isPooled, fit: fit)
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

    /// The chance of a value at least this extreme under the null (a p-value). With a tail fit: the
    /// power law beyond its base; below it, the Student-t probability mapped linearly onto
    /// [fraction, 1] so that the two meet at the base (continuous and non-increasing throughout).
    public func pValue(_ value: Double) -> Double {
        let u = standardized(value)
        guard let fit else { return StudentTail.probability(u, degrees: degrees, tail: tail) }
        if let p = fit.tailProbability(u) { return p }
        let atBase = StudentTail.probability(fit.threshold, degrees: degrees, tail: tail)
        let here = StudentTail.probability(u, degrees: degrees, tail: tail)
        guard atBase < 1 else { return 1 }
        return min(1, fit.fraction + (1 - fit.fraction) * max(0, here - atBase) / (1 - atBase))
    }

    /// 1 − p, rounded to 6 decimals: the signal's `confidence`. Non-decreasing in how extreme `value` is.
    public func confidence(_ value: Double) -> Double { ((1 - pValue(value)) * 1e6).rounded(.down) / 1e6 }
}
