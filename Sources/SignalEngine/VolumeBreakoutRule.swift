import Foundation
import IPC

/// `volume_breakout`: the day's volume crossing a multiple of the stock's own previous-day volume
/// (its whole day, from REST quotes or the master files: a WebSocket trade's previous-day figure is
/// the volume at the same time of day, against which ×2 at 09:00 is an ordinary open); each
/// multiple fires once a day (a stock first seen beyond
/// several fires once, for the highest), above `minimumVolume` shares. Relative to the stock: a
/// fixed share count (1,000,000) fired for every large cap by mid-morning and never for a small cap.
public struct VolumeBreakoutRule: SignalRule {
    public let multiples: [Double]
    public let minimumVolume: Int
    public var kind: SignalKind { .volumeBreakout }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.VolumeBreakout) {
        multiples = configuration.multiples.filter { $0 > 0 }.sorted()
        minimumVolume = configuration.minimumVolume
    }

    /// The log of the day's volume over the previous day's, against the pool of similar stocks:
    /// a confidence only (the multiples are the thresholds; each fires once a day).
    public var nullStatistics: [NullStatistic] { [NullStatistic(tail: .upper, testsPerDay: 0, isPooledOnly: true)] }

    public func nullSample(_ channel: Int, _ state: StockState, _ context: EvaluationContext) -> Double? {
        guard context.isContinuousSession, let previous = Self.base(state), previous > 0, state.cumulativeVolume > 0
        else { return nil }
        return log(Double(state.cumulativeVolume) / Double(previous))
    }

    /// The previous day's volume the multiples are of.
    static func base(_ state: StockState) -> Int? { state.previousDayTotalVolume }

    /// Each multiple's cooldown: a day (its base can move when a quote brings the whole previous
    /// day's volume, and a crossing must not fire again).
    static let oncePerDay: Double = 86_400

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard state.cumulativeVolume >= minimumVolume, let previous = Self.base(state), previous > 0,
              let price = state.price else { return nil }
        let ratio = Double(state.cumulativeVolume) / Double(previous)
        guard let index = multiples.lastIndex(where: { ratio >= $0 }) else { return nil }
        let multiple = multiples[index]
        return SignalCandidate(kind: .volumeBreakout, direction: SignalDirection(state.changePercent ?? 0),
                               strength: ratio, intensity: ratio / multiple,
                               reason: describing ? "volume breakout \(Format.grouped(state.cumulativeVolume)) shares, ×\(Format.ratio(ratio)) of the previous day's \(Format.grouped(previous)) (≥ ×\(Format.number(multiple)); \(Format.grouped(price)))" : "",
                               variant: index + 1, cooldownScope: index + 1, cooldownSeconds: Self.oncePerDay, statistic: log(ratio))
    }
}
