import Foundation
import IPC

/// The kinds of ground-truth events the simulator plants, and the noise made to look like them.
public enum EventKind: String, Sendable, CaseIterable, Codable {
    /// Expected and actual open away from the previous close by ±3–15 %. Magnitude: signed percent.
    case openingGap
    /// MarketTrade rate and sizes multiplied for several minutes. Magnitude: volume multiple (×3–×10).
    case volumeSurge
    /// A push above the intraday high on rising volume. Magnitude: percent above the prior high.
    case breakout
    /// A steady move over 5–15 minutes. Magnitude: signed percent (2–6 %).
    case momentumRun
    /// A 14:00–15:20 continuation of the day's direction. Magnitude: signed percent.
    case closingRun
    /// Noise: a short ×1.8 volume blip. Magnitude: volume multiple.
    case volumeBlip
    /// Noise: a ±1.5 % move that reverts within minutes. Magnitude: signed percent of the excursion.
    case priceWiggle

    /// Whether the kind is decoy noise rather than an event a pipeline should catch.
    public var isNoise: Bool { self == .volumeBlip || self == .priceWiggle }
}

/// A trading date (KST), used to stamp market seconds as ISO-8601 times.
public struct TradingDate: Sendable, Equatable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The KST calendar day of market time `marketTime` (seconds since the epoch).
    public init(marketTime: Double) {
        var seconds = time_t((marketTime + MarketClock.kstOffset).rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        self.init(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }

    /// `YYYYMMDD`, as KIS frames carry it (`BSOP_DATE`).
    public var compact: String { String(format: "%04d%02d%02d", year, month, day) }
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// ISO-8601 KST for market seconds since midnight, e.g. `2026-11-25T09:03:12+09:00` (seconds floored).
    public func iso8601(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded(.down)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d+09:00", year, month, day, s / 3600, s / 60 % 60, s % 60)
    }
}

/// One planted event: what happens to which stock, when, and how strongly.
///
/// Times are market seconds since midnight KST. The event log is written before the day runs, so it
/// is the ground truth a benchmark scores the pipeline against.
public struct MarketEvent: Sendable, Equatable, Identifiable {
    /// Stable id, `E0001`… in order of start time.
    public var id: String
    public var kind: EventKind
    public var code: String
    /// When the effect begins (for gaps: 08:30, when the expected open starts to show it).
    public var start: Double
    /// When the effect ends.
    public var end: Double
    /// Strength, in the unit documented on `EventKind`.
    public var magnitude: Double

    public init(id: String, kind: EventKind, code: String, start: Double, end: Double, magnitude: Double) {
        self.id = id
        self.kind = kind
        self.code = code
        self.start = start
        self.end = end
        self.magnitude = magnitude
    }

    /// Duration in seconds.
    public var duration: Double { end - start }
    /// Whether the event is active at market time t.
    public func isActive(at t: Double) -> Bool { t >= start && t < end }
}
