/// The ingredients of a heat score, each normalised to 0…1.
public struct HeatComponents: Sendable, Equatable {
    public var gap = 0.0, volume = 0.0, momentum = 0.0, ranking = 0.0, signal = 0.0, performance = 0.0
}

/// Turns a stock's activity into a heat score (0–100) under a strategy's weights.
///
/// Each ingredient saturates at a level the source document calls strong: a 5 % gap, 5× the
/// previous day's volume, 1 % in 1 minute / 2 % in 5 / 3 % in 15, the top of a ranking, a signal of
/// strength 5 just now (fading over `signalFadeSeconds`), a performance score of 100.
public struct HeatScorer: Sendable {
    public var gapFullPercent = 5.0
    public var volumeFullRatio = 5.0
    public var rankingFreshSeconds = 300.0
    public var signalFullStrength = 5.0
    public var signalFadeSeconds = 300.0

    public init() {}

    /// The normalised ingredients at market time `now`; `inAuction` reads the expected gap.
    public func components(of activity: StockActivity, now: Double, inAuction: Bool) -> HeatComponents {
        var c = HeatComponents()
        let gap = inAuction ? (activity.expectedGap ?? activity.changeRate) : activity.changeRate
        c.gap = min(abs(gap) / gapFullPercent, 1)
        if let relative = activity.relativeVolume {
            c.volume = min(max(relative - 1, 0) / (volumeFullRatio - 1), 1)
        }
        if activity.samples.count > 1 {
            let m1 = abs(activity.momentum(over: 60, now: now)) / 1
            let m5 = abs(activity.momentum(over: 300, now: now)) / 2
            let m15 = abs(activity.momentum(over: 900, now: now)) / 3
            c.momentum = min(max(m1, m5, m15), 1)
        }
        if now - activity.rankingSeenAt <= rankingFreshSeconds { c.ranking = activity.rankingStrength }
        let signalAge = now - activity.signalAt
        if signalAge >= 0, signalAge < signalFadeSeconds {
            c.signal = min(activity.signalStrength / signalFullStrength, 1) * (1 - signalAge / signalFadeSeconds)
        }
        c.performance = min(max((activity.performance ?? 0) / 100, 0), 1)
        return c
    }

    /// The heat score 0–100: the weighted mean of the ingredients. A stock known only from a
    /// previous run's state keeps its persisted score.
    public func score(_ activity: StockActivity, weights: StrategyWeights, now: Double, inAuction: Bool) -> Double {
        if activity.dataTime == 0, let persisted = activity.persistedScore { return persisted }
        let c = components(of: activity, now: now, inAuction: inAuction)
        let total = weights.gap + weights.volume + weights.momentum + weights.ranking + weights.signal + weights.performance
        guard total > 0 else { return 0 }
        let sum = weights.gap * c.gap + weights.volume * c.volume + weights.momentum * c.momentum
            + weights.ranking * c.ranking + weights.signal * c.signal + weights.performance * c.performance
        return sum / total * 100
    }
}
