import IPC

import Foundation

/// `closing_momentum`: between 14:00 and 15:20, a stock up (down) at least `dayChangePercent` on
/// the day that keeps rising (falling) over the window — by at least `windowReturnPercent` and
/// `zScore` standard deviations of its own returns over that length — on at least average volume.
public struct ClosingMomentumRule: SignalRule {
    public static let start: Double = 14 * 3600
    public static let end: Double = 15 * 3600 + 20 * 60
    public let configuration: SignalsConfiguration.ClosingMomentum
    public var kind: SignalKind { .closingMomentum }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.ClosingMomentum) { self.configuration = configuration }

    /// The window's z (its log return over the stock's own deviation for that length), both sides,
    /// tested every minute from 14:00 to 15:20.
    public var nullStatistics: [NullStatistic] { [NullStatistic(tail: .both, testsPerDay: (Self.end - Self.start) / 60)] }

    public func nullSample(_ channel: Int, _ state: StockState, _ context: EvaluationContext) -> Double? {
        let second = context.secondsOfDay
        guard second >= Self.start, second < Self.end,
              let change = state.returnPercent(overSeconds: configuration.windowMinutes * 60, now: context.now) else { return nil }
        return z(change, over: configuration.windowMinutes * 60, state, context)
    }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        let second = context.secondsOfDay
        guard second >= Self.start, second < Self.end, let day = state.changePercent,
              abs(day) >= configuration.dayChangePercent else { return nil }
        let seconds = configuration.windowMinutes * 60
        guard let change = state.returnPercent(overSeconds: seconds, now: context.now),
              abs(change) >= configuration.windowReturnPercent, (change > 0) == (day > 0) else { return nil }
        let z = z(change, over: seconds, state, context)
        guard configuration.zScore <= 0 || abs(z ?? 0) >= configuration.zScore, z.map({ context.passesBudget($0) }) ?? true,
              let volume = state.volume(overSeconds: seconds, now: context.now),
              let average = state.averageVolume(perSeconds: seconds, now: context.now), average > 0,
              Double(volume) / average >= configuration.volumeFactor else { return nil }
        return SignalCandidate(kind: .closingMomentum, direction: SignalDirection(day), strength: change,
                               intensity: abs(change) / configuration.windowReturnPercent,
                               reason: describing ? "closing continuation: \(Format.percent(day)) % on the day, \(Format.percent(change)) % in \(Int(configuration.windowMinutes)) min\(z.map { " (\(Format.ratio(abs($0))) σ)" } ?? "") on ×\(Format.ratio(Double(volume) / average)) volume" : "",
                               cooldownSeconds: configuration.cooldownSeconds, statistic: z)
    }

    /// A window return of `change` percent in standard deviations of the stock's own returns over
    /// that length; nil without 5 minutes of them.
    private func z(_ change: Double, over seconds: Double, _ state: StockState, _ context: EvaluationContext) -> Double? {
        guard let deviation = state.returnDeviation(overSeconds: seconds, asOf: context.now - seconds, minimumMinutes: 5),
              deviation > 0 else { return nil }
        return log(1 + change / 100) / deviation
    }
}
