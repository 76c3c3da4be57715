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

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard context.secondsSinceOpen >= 0 else { return nil }
        // The day's ratio needs some volume to mean anything; a burst has its own tests for thinness.
        guard state.cumulativeVolume >= configuration.minimumVolume, let ratio = state.relativeVolume, ratio.isFinite else {
            return burst(state, context, describing: describing)
        }
        let direction = SignalDirection(state.changePercent ?? 0)
        if ratio >= configuration.signalRatio {
            return SignalCandidate(kind: .volumeSurge, direction: direction, strength: ratio,
                                   intensity: ratio / configuration.signalRatio,
                                   reason: describing ? "volume surge ×\(Format.ratio(ratio)) of the previous day at this time (\(Format.grouped(state.cumulativeVolume)) shares)" : "",
                                   variant: 2, cooldownSeconds: configuration.cooldownSeconds)
        }
        if ratio >= configuration.watchRatio {
            return SignalCandidate(kind: .volumeSurge, direction: direction, strength: ratio,
                                   intensity: ratio / configuration.watchRatio,
                                   reason: describing ? "volume ×\(Format.ratio(ratio)) of the previous day (watch)" : "",
                                   variant: 1, cooldownScope: 1,
                                   cooldownSeconds: configuration.cooldownSeconds, isWatchOnly: true)
        }
        return burst(state, context, describing: describing)
    }

    /// The last `windowMinutes`' pace against the stock's pace and busiest minute just before.
    private func burst(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        let seconds = configuration.windowMinutes * 60
        let baseline = configuration.baselineMinutes * 60
        guard seconds > 0, context.isContinuousSession, context.secondsSinceOpen >= seconds, let price = state.price,
              let volume = state.volume(overSeconds: seconds, now: context.now),
              Double(volume) * Double(price) >= configuration.minimumWindowValue,
              let pace = state.volumeRate(perMinuteBefore: seconds, span: baseline, now: context.now, minimumSpan: 120), pace > 0
        else { return nil }
        let perMinute = Double(volume) / configuration.windowMinutes
        let ratio = perMinute / pace
        guard ratio >= configuration.windowRatio else { return nil }
        // No full minute before the window on the tape (a restarted component): no peak to beat.
        if let busiest = state.busiestMinuteVolume(before: seconds, span: baseline, now: context.now),
           perMinute < configuration.peakRatio * Double(busiest) { return nil }
        return SignalCandidate(kind: .volumeSurge, direction: SignalDirection(state.changePercent ?? 0), strength: ratio,
                               intensity: ratio / configuration.windowRatio,
                               reason: describing ? "volume burst ×\(Format.ratio(ratio)) of its pace over the \(Format.number(configuration.baselineMinutes)) minutes before (\(Format.grouped(volume)) shares in \(Format.number(configuration.windowMinutes)) min)" : "",
                               variant: 3, cooldownSeconds: configuration.cooldownSeconds)
    }
}
