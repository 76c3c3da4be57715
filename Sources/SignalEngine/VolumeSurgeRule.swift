import Foundation
import IPC

/// `volume_surge`: cumulative volume against the previous day's at the same time of day —
/// ≥ `signalRatio` is a signal, ≥ `watchRatio` a watch-level hint (silent without previous-day
/// data); or a sustained burst: every one of the last `windowMinutes` minutes at `windowRatio` ×
/// the stock's median minute over the `baselineMinutes` before them (`SustainedVolume`: the lowest
/// recent minute over the median one, so one block print, which lifts one minute, is no surge, and
/// a block in the baseline does not hide one), worth at least `minimumWindowValue` won, during
/// continuous trading. The value floor ignores a few hundred shares of a penny stock.
public struct VolumeSurgeRule: SignalRule {
    public let configuration: SignalsConfiguration.VolumeSurge
    public var kind: SignalKind { .volumeSurge }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.VolumeSurge) { self.configuration = configuration }

    /// Channel 0: the burst's log ratio (lowest recent minute over the median baseline minute), upper
    /// side, tested every minute of continuous trading.
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

    /// Every one of the last `windowMinutes` minutes against the stock's median minute just before.
    private func burst(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard let (ratio, volume, price) = burstRatio(state, context), ratio >= configuration.windowRatio,
              context.passesBudget(log(ratio)) else { return nil }
        guard Double(volume) * Double(price) >= configuration.minimumWindowValue else { return nil }
        let minutes = Self.minutes(configuration.windowMinutes)
        return SignalCandidate(kind: .volumeSurge, direction: SignalDirection(state.changePercent ?? 0), strength: ratio,
                               intensity: ratio / configuration.windowRatio,
                               reason: describing ? "volume burst: each of the last \(minutes) minutes ≥ ×\(Format.ratio(ratio)) of its median minute over the \(Format.number(configuration.baselineMinutes)) before (\(Format.grouped(volume)) shares in \(minutes) min)" : "",
                               variant: 3, cooldownSeconds: configuration.cooldownSeconds, statistic: log(ratio))
    }

    /// A configured number of minutes as a whole count, at least 1.
    static func minutes(_ value: Double) -> Int { value.isFinite ? max(1, Int(value.rounded())) : 1 }

    // The median needs the whole baseline on the tape. With less, the day's average pace stands in
    // (`StockState.dayVolumeRate`: from 09:15, for a component restarted mid-session that lost its
    // tape); never a few minutes' median. At 09:06 three baseline minutes are the opening rush, the
    // stocks have no null yet and the configured floor alone would decide: on seed 41 (pooled tail)
    // that fired 38 bursts in the one minute 09:06, with confidence 0.75–0.8.

    /// The lowest of the last `windowMinutes` whole minutes' volumes over the median minute of the
    /// `baselineMinutes` before them, with the window's volume and the price; nil while either
    /// cannot be measured (or the stock's usual minute is empty).
    private func burstRatio(_ state: StockState, _ context: EvaluationContext) -> (ratio: Double, volume: Int, price: Int)? {
        let window = Self.minutes(configuration.windowMinutes)
        let seconds = Double(window) * 60
        guard context.isContinuousSession, context.secondsSinceOpen >= seconds, let price = state.price else { return nil }
        let recent = state.minuteVolumes(count: window, now: context.now)
        guard recent.count == window else { return nil }
        let baselineMinutes = Self.minutes(configuration.baselineMinutes)
        let baseline = state.minuteVolumes(count: baselineMinutes, before: seconds, now: context.now)
        let usual = baseline.count == baselineMinutes
            ? SustainedVolume.median(baseline) : state.dayVolumeRate(perMinuteBefore: seconds, now: context.now)
        guard let ratio = SustainedVolume.ratio(recent: recent, baseline: usual), ratio > 0 else { return nil }
        return (ratio, recent.reduce(0, +), price)
    }
}
