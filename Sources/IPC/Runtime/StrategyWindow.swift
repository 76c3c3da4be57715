import Foundation

/// The source document's time-of-day strategy windows (KST): the one table of their names and
/// boundaries. The allocator's default strategy table gives each its slots and weights
/// (`WindowStrategy.defaultTable`); signal statistics bucket by it. Edit a boundary here and both
/// follow.
public enum StrategyWindow: String, Codable, Sendable, CaseIterable, Hashable {
    /// Before 09:00 (the opening auction; from midnight in the table).
    case preMarket = "pre_market"
    /// 09:00–09:30, gap trading focus.
    case gapFocus = "gap_focus"
    /// 09:30–11:30, leading-stock capture.
    case leaders
    /// 11:30–14:00, volume monitoring.
    case volumeWatch = "volume_watch"
    /// 14:00–15:20, closing trend.
    case closingTrend = "closing_trend"
    /// From 15:20, the closing auction (and the quiet half hour after the 15:30 cross).
    case closingAuction = "closing_auction"
    /// 16:00–20:00, the KRX after-market (continuous trading since 2026-09-14, protocol.md §6.12).
    case afterMarket = "after_market"

    /// Where the window starts, seconds of the KST day; it lasts until the next one's start.
    public var startSecond: Double {
        switch self {
        case .preMarket: 0
        case .gapFocus: 9 * 3600
        case .leaders: 9 * 3600 + 1800
        case .volumeWatch: 11 * 3600 + 1800
        case .closingTrend: 14 * 3600
        case .closingAuction: 15 * 3600 + 1200
        case .afterMarket: 16 * 3600
        }
    }

    /// The start as `HH:MM` (the form of the allocator's configurable table).
    public var start: String {
        String(format: "%02d:%02d", Int(startSecond) / 3600, Int(startSecond) / 60 % 60)
    }

    /// The window that follows, if any.
    public var next: StrategyWindow? {
        let all = Self.allCases
        let index = all.firstIndex(of: self)! + 1
        return index < all.count ? all[index] : nil
    }

    /// The window at market time `time`.
    public static func at(_ time: Double) -> StrategyWindow { at(secondOfDay: MarketClock.secondsOfDay(time)) }

    /// The window at `second` of the KST day.
    public static func at(secondOfDay second: Double) -> StrategyWindow {
        allCases.last(where: { second >= $0.startSecond }) ?? .preMarket
    }
}
