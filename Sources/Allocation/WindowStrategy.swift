import IPC

/// One row of the allocator's time-of-day strategy table: what it does from `start` (KST `HH:MM`)
/// until the next row's start. The default rows are the shared ``StrategyWindow`` table's.
public struct WindowStrategy: Codable, Sendable, Equatable {
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

    /// The row of a shared ``StrategyWindow``: its name and start.
    init(_ window: StrategyWindow, strategy: String, tier1: Int, tier2: Int, indexSlots: Int, reserveSlots: Int,
         fillSpareSlots: Bool, weights: StrategyWeights, intervals: PollIntervals) {
        self.init(name: window.rawValue, strategy: strategy, start: window.start, tier1: tier1, tier2: tier2, indexSlots: indexSlots,
                  reserveSlots: reserveSlots, fillSpareSlots: fillSpareSlots, weights: weights, intervals: intervals)
    }

    /// Slots the table itself asks for: tier1 × 2 + tier2 + index + reserve.
    public var tableSlots: Int { tier1 * 2 + tier2 + indexSlots + reserveSlots }

    /// `start` as seconds since midnight, or `nil` if it is not `HH:MM`.
    public var startSecond: Double? { MarketClock.secondsOfDay(parsing: start, allowsSeconds: false) }
}

extension WindowStrategy {
    // Source document: "golden time polls faster (MEDIUM 30 s → 15 s, LOW 60 s → 30 s), lunch polls
    // slower (MEDIUM 30 s → 60 s, LOW 60 s → 120 s)". kis41 refreshes the whole market, so the
    // critical/high/background rows are its own.
    static let openIntervals = PollIntervals(critical: 1, high: 5, medium: 15, low: 30, background: 60)
    static let regularIntervals = PollIntervals(critical: 2, high: 10, medium: 30, low: 60, background: 300)
    static let lunchIntervals = PollIntervals(critical: 3, high: 20, medium: 60, low: 120, background: 300)
    /// The after-market is thin: wider staleness is allowed, except for what is being watched.
    static let afterMarketIntervals = PollIntervals(critical: 5, high: 30, medium: 120, low: 300, background: 600)

    /// The source document's table (index 3 = KOSPI, KOSDAQ, KOSPI200; reserve 2; spare slots go to
    /// tier 2 so utilisation stays ≥ 39/41), one row per ``StrategyWindow``.
    public static let defaultTable: [WindowStrategy] = [
        WindowStrategy(.preMarket, strategy: "auction_gap", tier1: 8, tier2: 15,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 1.0, volume: 0.6, momentum: 0.1, ranking: 0.2, signal: 0.4, performance: 0.2),
                       intervals: openIntervals),
        WindowStrategy(.gapFocus, strategy: "gap_trading", tier1: 8, tier2: 15,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 1.0, volume: 0.8, momentum: 0.5, ranking: 0.3, signal: 0.6, performance: 0.2),
                       intervals: openIntervals),
        WindowStrategy(.leaders, strategy: "leading_stocks", tier1: 6, tier2: 18,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 0.3, volume: 0.6, momentum: 1.0, ranking: 0.4, signal: 0.6, performance: 0.6),
                       intervals: regularIntervals),
        WindowStrategy(.volumeWatch, strategy: "volume_monitoring", tier1: 5, tier2: 20,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 0.2, volume: 1.0, momentum: 0.5, ranking: 0.5, signal: 0.6, performance: 0.5),
                       intervals: lunchIntervals),
        WindowStrategy(.closingTrend, strategy: "closing_trend", tier1: 7, tier2: 16,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 0.2, volume: 0.6, momentum: 1.0, ranking: 0.3, signal: 0.6, performance: 0.5),
                       intervals: regularIntervals),
        WindowStrategy(.closingAuction, strategy: "closing_auction", tier1: 7, tier2: 16,
                       indexSlots: 3, reserveSlots: 2, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 0.4, volume: 0.6, momentum: 0.8, ranking: 0.3, signal: 0.6, performance: 0.5),
                       intervals: regularIntervals),
        // Thin activity: fewer tier-1 stocks, more reserve for VI and limit emergencies, signals weigh most.
        WindowStrategy(.afterMarket, strategy: "after_market", tier1: 3, tier2: 12,
                       indexSlots: 3, reserveSlots: 4, fillSpareSlots: true,
                       weights: StrategyWeights(gap: 0.1, volume: 0.6, momentum: 0.6, ranking: 0.3, signal: 1.0, performance: 0.3),
                       intervals: afterMarketIntervals),
    ]
}
