import IPC

import Foundation

/// `momentum`: a move over a window (default 3, 5, 10 or 15 minutes) that is large for this stock —
/// at least `zScore` standard deviations of its own returns over that length (from its 1-minute
/// returns since the open, leaving the window out: `ReturnVariance`) and at least `minimumPercent` —
/// on volume at `volumeFactor` × its pace in the `baselineMinutes` before the window.
///
/// On a trade-fed stock (a trade on the WebSocket feed within the last minute) the move is measured
/// on prices that held for `holdSeconds` at either end (`heldLogReturn`): a print that walks the book
/// and is taken back by the next print is no momentum (on seed 2028, 17 of the 26 momentum firings
/// the quotes reached more than 10 s late were such prints). On a stock only REST quotes reach, a
/// quote's price is taken as it stands: it is the last trade at the instant of the
/// snapshot, which a print the next one takes back is only for the moment between the two, and
/// waiting for the next quote to confirm it costs a whole sweep interval (every stock quoted every
/// 5 s, seed 3141, 09:00–10:20: momentum delay p50 1 s taken as it stands, 5 s confirmed by the
/// next quote, for 7 more of 395 reproduced and 10 fewer of 132 extra). Judging a
/// move by the stock's own volatility, and its volume by the minutes just before, catches a steady
/// 2–6 % run on a quiet stock while a volatile one's ordinary swings stay silent; the longer windows
/// are for the slow runs: the z of a steady drift grows like √T with the window up to the run's
/// length, so a 10- or 15-minute run stands out most over 10 or 15 minutes.
public struct MomentumRule: SignalRule {
    public let configuration: SignalsConfiguration.Momentum
    public var kind: SignalKind { .momentum }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.Momentum) { self.configuration = configuration }

    /// One statistic per window, each a channel of its own: the held move's z, tested on both sides
    /// every minute of continuous trading (09:00–15:20: 380 minutes). The windows share the kind's
    /// budget (`NullBook`: each test gets the budget over all of them, 4 × 380 a day by default; the
    /// windows overlap, so that is conservative).
    public var nullStatistics: [NullStatistic] {
        configuration.windowsMinutes.map { _ in NullStatistic(tail: .both, testsPerDay: Self.continuousMinutes) }
    }
    /// A stock whose last trade on the WebSocket feed is at most this old is trade-fed: its moves
    /// are held (REST quotes in between included); after it, quotes are taken as they stand.
    static let tradeFeedSeconds: Double = 60

    /// Minutes of continuous trading a day, 09:00–15:20.
    public static let continuousMinutes = (ClosingMomentumRule.end - StockState.openSecond) / 60

    public func nullSample(_ channel: Int, _ state: StockState, _ context: EvaluationContext) -> Double? {
        guard context.isContinuousSession, channel < configuration.windowsMinutes.count else { return nil }
        return move(over: configuration.windowsMinutes[channel], state, now: context.now)?.z
    }

    /// The held move over `minutes`, percent, and its z against the stock's own returns over that length.
    private func move(over minutes: Double, _ state: StockState, now: Double) -> (change: Double, z: Double)? {
        let seconds = minutes * 60
        let hold = state.hasTradeFeed(at: now, within: Self.tradeFeedSeconds) ? configuration.holdSeconds : 0
        guard minutes > 0, let move = state.heldLogReturn(overSeconds: seconds, hold: hold, now: now),
              let deviation = state.returnDeviation(overSeconds: seconds, asOf: now - seconds,
                                                    minimumMinutes: configuration.minimumHistoryMinutes)
        else { return nil }
        let floor = configuration.minimumMinuteVolatilityPercent / 100 * minutes.squareRoot()
        return ((exp(move) - 1) * 100, move / max(deviation, floor))
    }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard context.isContinuousSession else { return nil }
        let now = context.now
        for (channel, minutes) in configuration.windowsMinutes.enumerated() {
            let seconds = minutes * 60
            guard let (change, z) = move(over: minutes, state, now: now), abs(change) >= configuration.minimumPercent,
                  abs(z) >= configuration.zScore, context.passesBudget(z, channel: channel),
                  let volume = state.volume(overSeconds: seconds, now: now),
                  let pace = state.volumeRate(perMinuteBefore: seconds, span: configuration.baselineMinutes * 60, now: now,
                                              minimumSpan: 120), pace > 0 else { continue }
            let volumeRatio = Double(volume) / (pace * minutes)
            guard volumeRatio >= configuration.volumeFactor else { continue }
            return SignalCandidate(kind: .momentum, direction: SignalDirection(change), strength: change,
                                   intensity: abs(z) / configuration.zScore,
                                   reason: describing ? "\(Format.percent(change)) % in \(Format.number(minutes)) min (\(Format.ratio(abs(z))) σ) on ×\(Format.ratio(volumeRatio)) volume" : "",
                                   cooldownSeconds: configuration.cooldownSeconds, statistic: z, channel: channel)
        }
        return nil
    }
}
