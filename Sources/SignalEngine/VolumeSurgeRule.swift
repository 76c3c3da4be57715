/// `volume_surge`: cumulative volume against the previous day's at the same time of day —
/// ≥ `signalRatio` is a signal, ≥ `watchRatio` a watch-level hint; silent without previous-day data.
public struct VolumeSurgeRule: SignalRule {
    public let configuration: SignalsConfiguration.VolumeSurge
    public var kind: SignalKind { .volumeSurge }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.VolumeSurge) { self.configuration = configuration }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard context.secondsSinceOpen >= 0, let ratio = state.relativeVolume, ratio.isFinite,
              state.cumulativeVolume >= configuration.minimumVolume else { return nil }
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
        return nil
    }
}
