import Foundation
import IPC

/// The simulator's market clock read as seconds since midnight KST of the trading day (the market
/// model's time), without wrapping at midnight.
struct DayClock: Sendable {
    let clock: MarketClock
    /// Market epoch seconds of 00:00 KST on the trading day.
    let dayStart: Double

    /// Market seconds since the trading day's midnight.
    func now() -> Double { clock.now() - dayStart }

    /// Epoch seconds of 00:00 KST of a trading date.
    static func dayStart(of date: TradingDate) -> Double {
        var parts = DateComponents()
        parts.year = date.year; parts.month = date.month; parts.day = date.day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.date(from: parts)!.timeIntervalSince1970 - MarketClock.kstOffset
    }
}
