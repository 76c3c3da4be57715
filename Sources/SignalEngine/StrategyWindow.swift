import IPC

/// The source document's time-of-day strategy windows (KST), used to bucket signal statistics.
public enum StrategyWindow: String, Codable, Sendable, CaseIterable, Hashable {
    /// Before 09:00 (counted from 08:30 for rates).
    case preMarket = "pre_market"
    /// 09:00–09:30, gap trading focus.
    case gapFocus = "gap_focus"
    /// 09:30–11:30, leading-stock capture.
    case leaders
    /// 11:30–14:00, volume monitoring.
    case volumeWatch = "volume_watch"
    /// 14:00–15:20, closing trend.
    case closingTrend = "closing_trend"
    /// From 15:20, the closing auction.
    case closingAuction = "closing_auction"

    /// Start and end, seconds of the KST day.
    public var bounds: (start: Double, end: Double) {
        switch self {
        case .preMarket: (8 * 3600 + 1800, 9 * 3600)
        case .gapFocus: (9 * 3600, 9 * 3600 + 1800)
        case .leaders: (9 * 3600 + 1800, 11 * 3600 + 1800)
        case .volumeWatch: (11 * 3600 + 1800, 14 * 3600)
        case .closingTrend: (14 * 3600, 15 * 3600 + 1200)
        case .closingAuction: (15 * 3600 + 1200, 15 * 3600 + 1800)
        }
    }

    /// The window at market time `time`.
    public static func at(_ time: Double) -> StrategyWindow {
        let second = MarketClock.secondsOfDay(time)
        return allCases.last(where: { second >= $0.bounds.start }) ?? .preMarket
    }

    /// Hours of this window that have passed by `secondOfDay`.
    public func elapsedHours(atSecondOfDay second: Double) -> Double {
        max(0, min(second, bounds.end) - bounds.start) / 3600
    }
}
