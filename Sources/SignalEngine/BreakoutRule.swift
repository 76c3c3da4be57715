import IPC

import Foundation

/// `breakout`: the price makes a new intraday high (or low), pushed there by a move of at least
/// `zScore` standard deviations of the stock's own returns over the last `windowMinutes`, on volume
/// at `volumeFactor` × its pace over the `baselineMinutes` before them; quiet in the first
/// `minutesAfterOpen` and outside continuous trading. A one-tick new high on an ordinary busy minute (the day's average volume is
/// low against the open-heavy morning) is not a breakout.
public struct BreakoutRule: SignalRule {
    public let configuration: SignalsConfiguration.Breakout
    public var kind: SignalKind { .breakout }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.Breakout) { self.configuration = configuration }

    /// The push's z over the window, both sides, tested every minute from `minutesAfterOpen` to 15:20.
    public var nullStatistics: [NullStatistic] {
        [NullStatistic(tail: .both, testsPerDay: MomentumRule.continuousMinutes - configuration.minutesAfterOpen)]
    }

    public func nullSample(_ channel: Int, _ state: StockState, _ context: EvaluationContext) -> Double? {
        guard context.isContinuousSession, let price = state.price else { return nil }
        return push(to: price, state, now: context.now)
    }

    /// The log move to `price` over the window in the stock's own standard deviations over that length.
    private func push(to price: Int, _ state: StockState, now: Double) -> Double? {
        let seconds = configuration.windowMinutes * 60
        guard seconds > 0, let base = state.tape.sample(atOrBefore: now - seconds), base.price > 0,
              let deviation = state.returnDeviation(overSeconds: seconds, asOf: now - seconds, minimumMinutes: 5),
              deviation > 0 else { return nil }
        return log(Double(price) / Double(base.price)) / deviation
    }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard context.isContinuousSession, context.secondsSinceOpen >= configuration.minutesAfterOpen * 60, let price = state.price,
              let priorHigh = state.priorHigh, let priorLow = state.priorLow else { return nil }
        let direction: SignalDirection
        let level: Int
        if price > priorHigh { direction = .up; level = priorHigh }
        else if price < priorLow { direction = .down; level = priorLow }
        else { return nil }
        let seconds = configuration.windowMinutes * 60
        let now = context.now
        guard let z = push(to: price, state, now: now),
              direction == .up ? z >= configuration.zScore : z <= -configuration.zScore, context.passesBudget(z),
              let volume = state.volume(overSeconds: seconds, now: now),
              let pace = state.volumeRate(perMinuteBefore: seconds, span: configuration.baselineMinutes * 60, now: now,
                                          minimumSpan: 120), pace > 0 else { return nil }
        let volumeRatio = Double(volume) / (pace * configuration.windowMinutes)
        guard volumeRatio >= configuration.volumeFactor else { return nil }
        let beyond = Double(price - level) / Double(level) * 100
        return SignalCandidate(kind: .breakout, direction: direction, strength: volumeRatio,
                               intensity: volumeRatio / configuration.volumeFactor,
                               reason: !describing ? "" : "new intraday \(direction == .up ? "high" : "low") \(Format.grouped(price)) (\(Format.percent(beyond)) % beyond \(Format.grouped(level))) after \(Format.ratio(abs(z))) σ in \(Format.number(configuration.windowMinutes)) min on ×\(Format.ratio(volumeRatio)) volume",
                               cooldownSeconds: configuration.cooldownSeconds, statistic: z)
    }
}
