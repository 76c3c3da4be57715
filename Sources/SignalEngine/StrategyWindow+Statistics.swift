import IPC

extension StrategyWindow {
    /// 08:30: the opening auction starts; signal rates count pre-market hours from here.
    static let sessionOpenSecond: Double = 8 * 3600 + 1800
    /// 15:30: the closing cross; the closing auction's hours end here.
    static let sessionCloseSecond: Double = 15 * 3600 + 1800

    /// 20:00: the after-market ends.
    static let afterMarketCloseSecond: Double = 20 * 3600

    /// The hours a window's signal rate is measured over: its span of the table, within the session
    /// (the after-market's own four hours for it).
    public var bounds: (start: Double, end: Double) {
        if self == .afterMarket { return (startSecond, Self.afterMarketCloseSecond) }
        return (max(startSecond, Self.sessionOpenSecond), min(next?.startSecond ?? Self.sessionCloseSecond, Self.sessionCloseSecond))
    }

    /// Hours of this window that have passed by `secondOfDay`.
    public func elapsedHours(atSecondOfDay second: Double) -> Double {
        max(0, min(second, bounds.end) - bounds.start) / 3600
    }
}
