import IPC

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

/// REST refresh targets (market seconds) per poll priority.
public struct PollIntervals: Codable, Sendable, Equatable {
    public var critical: Double
    public var high: Double
    public var medium: Double
    public var low: Double
    public var background: Double

    public init(critical: Double, high: Double, medium: Double, low: Double, background: Double) {
        self.critical = critical; self.high = high; self.medium = medium; self.low = low; self.background = background
    }

    /// The interval of `priority`.
    public func seconds(_ priority: PollPriority) -> Double {
        switch priority {
        case .critical: critical
        case .high: high
        case .medium: medium
        case .low: low
        case .background: background
        }
    }
}

/// One row of the time-of-day strategy table: from `start` (KST `HH:MM`) until the next row's start.
public struct StrategyWindow: Codable, Sendable, Equatable {
    /// Window name (`gap_focus`); `strategy` switches to it by this name.
    public var name: String
    /// Strategy name shown in `allocation` and `status`.
    public var strategy: String
    /// KST start, `HH:MM`.
    public var start: String
    /// Stocks on trades + order book (2 slots each).
    public var tier1: Int
    /// Stocks on trades only (1 slot each).
    public var tier2: Int
    /// Index feeds (the first `indexSlots` of `indexCodes`).
    public var indexSlots: Int
    /// Slots kept free for emergency promotion.
    public var reserveSlots: Int
    /// Give the slots left over (capacity − table − index − reserve) to more tier-2 stocks.
    public var fillSpareSlots: Bool
    public var weights: StrategyWeights
    public var intervals: PollIntervals

    public init(name: String, strategy: String, start: String, tier1: Int, tier2: Int, indexSlots: Int,
                reserveSlots: Int, fillSpareSlots: Bool, weights: StrategyWeights, intervals: PollIntervals) {
        self.name = name; self.strategy = strategy; self.start = start; self.tier1 = tier1; self.tier2 = tier2
        self.indexSlots = indexSlots; self.reserveSlots = reserveSlots; self.fillSpareSlots = fillSpareSlots
        self.weights = weights; self.intervals = intervals
    }

    /// Slots the table itself asks for: tier1 × 2 + tier2 + index + reserve.
    public var tableSlots: Int { tier1 * 2 + tier2 + indexSlots + reserveSlots }

    /// `start` as seconds since midnight, or `nil` if it is not `HH:MM`.
    public var startSecond: Double? { MarketClock.secondsOfDay(parsing: start, allowsSeconds: false) }
}

extension StrategyWindow {
    // Source document: "golden time polls faster (MEDIUM 30 s → 15 s, LOW 60 s → 30 s), lunch polls
    // slower (MEDIUM 30 s → 60 s, LOW 60 s → 120 s)". kis41 refreshes the whole market, so the
    // critical/high/background rows are its own.
    static let openIntervals = PollIntervals(critical: 1, high: 5, medium: 15, low: 30, background: 60)
    static let regularIntervals = PollIntervals(critical: 2, high: 10, medium: 30, low: 60, background: 300)
    static let lunchIntervals = PollIntervals(critical: 3, high: 20, medium: 60, low: 120, background: 300)

    /// The source document's table (index 3 = KOSPI, KOSDAQ, KOSPI200; reserve 2; spare slots go to
    /// tier 2 so utilisation stays ≥ 39/41).
    public static let defaultTable: [StrategyWindow] = [
        StrategyWindow(name: "pre_market", strategy: "auction_gap", start: "00:00", tier1: 8, tier2: 15,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 1.0, volume: 0.6, momentum: 0.1, ranking: 0.2, signal: 0.4, performance: 0.2),
                       intervals: openIntervals),
        StrategyWindow(name: "gap_focus", strategy: "gap_trading", start: "09:00", tier1: 8, tier2: 15,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 1.0, volume: 0.8, momentum: 0.5, ranking: 0.3, signal: 0.6, performance: 0.2),
                       intervals: openIntervals),
        StrategyWindow(name: "leaders", strategy: "leading_stocks", start: "09:30", tier1: 6, tier2: 18,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 0.3, volume: 0.6, momentum: 1.0, ranking: 0.4, signal: 0.6, performance: 0.6),
                       intervals: regularIntervals),
        StrategyWindow(name: "volume_watch", strategy: "volume_monitoring", start: "11:30", tier1: 5, tier2: 20,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 0.2, volume: 1.0, momentum: 0.5, ranking: 0.5, signal: 0.6, performance: 0.5),
                       intervals: lunchIntervals),
        StrategyWindow(name: "closing_trend", strategy: "closing_trend", start: "14:00", tier1: 7, tier2: 16,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 0.2, volume: 0.6, momentum: 1.0, ranking: 0.3, signal: 0.6, performance: 0.5),
                       intervals: regularIntervals),
        StrategyWindow(name: "closing_auction", strategy: "closing_auction", start: "15:20", tier1: 7, tier2: 16,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 0.4, volume: 0.6, momentum: 0.8, ranking: 0.3, signal: 0.6, performance: 0.5),
                       intervals: regularIntervals),
    ]
}
