/// `volume_surge`: cumulative volume against the previous day's at the same time of day —
/// ≥ `signalRatio` is a signal, ≥ `watchRatio` a watch-level hint (silent without previous-day
/// data); or a burst: the last few minutes' volume at `windowRatio` × the day's average rate.
public struct VolumeSurgeRule: SignalRule {
    public let configuration: SignalsConfiguration.VolumeSurge
    public var kind: SignalKind { .volumeSurge }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.VolumeSurge) { self.configuration = configuration }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard context.secondsSinceOpen >= 0, state.cumulativeVolume >= configuration.minimumVolume else { return nil }
        guard let ratio = state.relativeVolume, ratio.isFinite else { return burst(state, context, describing: describing) }
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

    /// The last `windowMinutes`' volume against the day's average for that length.
    private func burst(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        let seconds = configuration.windowMinutes * 60
        guard context.secondsSinceOpen >= seconds, let volume = state.volume(overSeconds: seconds, now: context.now),
              let average = state.averageVolume(perSeconds: seconds, now: context.now), average > 0 else { return nil }
        let ratio = Double(volume) / average
        guard ratio >= configuration.windowRatio else { return nil }
        return SignalCandidate(kind: .volumeSurge, direction: SignalDirection(state.changePercent ?? 0), strength: ratio,
                               intensity: ratio / configuration.windowRatio,
                               reason: describing ? "volume burst ×\(Format.ratio(ratio)) of the day's \(Int(configuration.windowMinutes))-minute average" : "",
                               variant: 3, cooldownSeconds: configuration.cooldownSeconds)
    }
}
