/// How much each ingredient of the heat score counts in a strategy window (any non-negative scale;
/// the scorer divides by the sum).
public struct StrategyWeights: Codable, Sendable, Equatable {
    /// Gap against the previous close (or the expected opening price in an auction).
    public var gap: Double
    /// Volume relative to the previous day at the same time.
    public var volume: Double
    /// Price change over the last 1, 5 and 15 market minutes.
    public var momentum: Double
    /// Presence in the poller's volume / rise / fall rankings.
    public var ranking: Double
    /// Recent trading signals from `signals`.
    public var signal: Double
    /// The performance score set by `score` (`update_performance_score` in the source document).
    public var performance: Double

    public init(gap: Double, volume: Double, momentum: Double, ranking: Double, signal: Double, performance: Double) {
        self.gap = gap; self.volume = volume; self.momentum = momentum
        self.ranking = ranking; self.signal = signal; self.performance = performance
    }

    var all: [Double] { [gap, volume, momentum, ranking, signal, performance] }
}
