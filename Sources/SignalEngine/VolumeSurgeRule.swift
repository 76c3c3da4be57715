import Foundation
import IPC

/// `volume_surge`: cumulative volume against the previous day's at the same time of day —
/// ≥ `signalRatio` is a signal, ≥ `watchRatio` a watch-level hint (silent without previous-day
/// data); or a burst: the last `windowMinutes`' pace at `windowRatio` × the stock's pace in the
/// `baselineMinutes` before them and `peakRatio` × their busiest minute, worth at least
/// `minimumWindowValue` won, during continuous trading. The busiest-minute test keeps a thin
/// stock's one lumpy trade from counting as a surge (its usual minutes are already lumpy); the
/// value floor ignores a few hundred shares of a penny stock.
public struct VolumeSurgeRule: SignalRule {
    public let configuration: SignalsConfiguration.VolumeSurge
    public var kind: SignalKind { .volumeSurge }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.VolumeSurge) { self.configuration = configuration }

    /// Channel 0: the burst's log pace ratio, upper side, tested every minute of continuous trading.
    /// Channel 1: the day's log volume ratio to the previous day, against the pool of similar stocks
    /// (a cumulative figure: once a day per stock, in effect).
    public var nullStatistics: [NullStatistic] {
        [NullStatistic(tail: .upper, testsPerDay: MomentumRule.continuousMinutes),
         NullStatistic(tail: .upper, testsPerDay: 1, isPooledOnly: true)]
    }

    public func nullSample(_ channel: Int, _ state: StockState, _ context: EvaluationContext) -> Double? {
        guard context.isContinuousSession else { return nil }
        if channel == 1 {
            guard state.cumulativeVolume >= configuration.minimumVolume, let ratio = state.relativeVolume, ratio > 0 else { return nil }
            return log(ratio)
        }
        return burstRatio(state, context).map { log($0.ratio) }
    }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard context.secondsSinceOpen >= 0 else { return nil }
        // The day's ratio needs some volume to mean anything; a burst has its own tests for thinness.
        guard state.cumulativeVolume >= configuration.minimumVolume, let ratio = state.relativeVolume, ratio.isFinite else {
            return burst(state, context, describing: describing)
        }
        let direction = SignalDirection(state.changePercent ?? 0)
        if ratio >= configuration.signalRatio, ratio > 0, context.passesBudget(log(ratio), channel: 1) {
            return SignalCandidate(kind: .volumeSurge, direction: direction, strength: ratio,
                                   intensity: ratio / configuration.signalRatio,
                                   reason: describing ? "volume surge ×\(Format.ratio(ratio)) of the previous day at this time (\(Format.grouped(state.cumulativeVolume)) shares)" : "",
                                   variant: 2, cooldownSeconds: configuration.cooldownSeconds, statistic: log(ratio), channel: 1)
        }
        if ratio >= configuration.watchRatio {
            return SignalCandidate(kind: .volumeSurge, direction: direction, strength: ratio,
                                   intensity: ratio / configuration.watchRatio,
                                   reason: describing ? "volume ×\(Format.ratio(ratio)) of the previous day (watch)" : "",
                                   variant: 1, cooldownScope: 1,
                                   cooldownSeconds: configuration.cooldownSeconds, isWatchOnly: true,
                                   statistic: ratio > 0 ? log(ratio) : nil, channel: 1)
        }
        return burst(state, context, describing: describing)
    }

    /// The last `windowMinutes`' pace against the stock's pace and busiest minute just before.
    private func burst(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard let (ratio, volume, price) = burstRatio(state, context), ratio >= configuration.windowRatio,
              context.passesBudget(log(ratio)) else { return nil }
        let seconds = configuration.windowMinutes * 60
        guard Double(volume) * Double(price) >= configuration.minimumWindowValue else { return nil }
        let perMinute = Double(volume) / configuration.windowMinutes
        // No full minute before the window on the tape (a restarted component): no peak to beat.
        if let busiest = state.busiestMinuteVolume(before: seconds, span: configuration.baselineMinutes * 60, now: context.now),
           perMinute < configuration.peakRatio * Double(busiest) { return nil }
        return SignalCandidate(kind: .volumeSurge, direction: SignalDirection(state.changePercent ?? 0), strength: ratio,
                               intensity: ratio / configuration.windowRatio,
                               reason: describing ? "volume burst ×\(Format.ratio(ratio)) of its pace over the \(Format.number(configuration.baselineMinutes)) minutes before (\(Format.grouped(volume)) shares in \(Format.number(configuration.windowMinutes)) min)" : "",
                               variant: 3, cooldownSeconds: configuration.cooldownSeconds, statistic: log(ratio))
    }

    /// The last `windowMinutes`' pace over the stock's pace in the `baselineMinutes` before them,
    /// with the window's volume and the price; nil while either cannot be measured.
    private func burstRatio(_ state: StockState, _ context: EvaluationContext) -> (ratio: Double, volume: Int, price: Int)? {
        let seconds = configuration.windowMinutes * 60
        guard seconds > 0, context.isContinuousSession, context.secondsSinceOpen >= seconds, let price = state.price,
              let volume = state.volume(overSeconds: seconds, now: context.now),
              let pace = state.volumeRate(perMinuteBefore: seconds, span: configuration.baselineMinutes * 60, now: context.now,
                                          minimumSpan: 120), pace > 0, volume > 0
        else { return nil }
        return (Double(volume) / configuration.windowMinutes / pace, volume, price)
    }
}
