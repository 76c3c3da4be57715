/// `momentum`: the 1- or 5-minute return beyond its threshold, confirmed by that window's volume
/// reaching `volumeFactor` × the day's average for the same length.
public struct MomentumRule: SignalRule {
    public let configuration: SignalsConfiguration.Momentum
    public var kind: SignalKind { .momentum }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.Momentum) { self.configuration = configuration }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        for (minutes, threshold) in [(1.0, configuration.oneMinutePercent), (5.0, configuration.fiveMinutePercent)] {
            let seconds = minutes * 60
            guard let change = state.returnPercent(overSeconds: seconds, now: context.now), abs(change) >= threshold,
                  let volume = state.volume(overSeconds: seconds, now: context.now),
                  let average = state.averageVolume(perSeconds: seconds, now: context.now), average > 0 else { continue }
            let volumeRatio = Double(volume) / average
            guard volumeRatio >= configuration.volumeFactor else { continue }
            return SignalCandidate(kind: .momentum, direction: SignalDirection(change), strength: change,
                                   intensity: abs(change) / threshold,
                                   reason: describing ? "\(Format.percent(change)) % in \(Int(minutes)) min on ×\(Format.ratio(volumeRatio)) volume" : "",
                                   cooldownSeconds: configuration.cooldownSeconds)
        }
        return nil
    }
}
