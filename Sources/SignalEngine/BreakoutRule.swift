/// `breakout`: the price makes a new intraday high (or low) while the last minute's volume is
/// `volumeFactor` × the day's average minute; quiet in the first `minutesAfterOpen`.
public struct BreakoutRule: SignalRule {
    public let configuration: SignalsConfiguration.Breakout
    public var kind: SignalKind { .breakout }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.Breakout) { self.configuration = configuration }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard context.secondsSinceOpen >= configuration.minutesAfterOpen * 60, let price = state.price,
              let priorHigh = state.priorHigh, let priorLow = state.priorLow else { return nil }
        let direction: SignalDirection
        let level: Int
        if price > priorHigh { direction = .up; level = priorHigh }
        else if price < priorLow { direction = .down; level = priorLow }
        else { return nil }
        guard let volume = state.volume(overSeconds: 60, now: context.now),
              let average = state.averageVolume(perSeconds: 60, now: context.now), average > 0 else { return nil }
        let volumeRatio = Double(volume) / average
        guard volumeRatio >= configuration.volumeFactor else { return nil }
        let beyond = Double(price - level) / Double(level) * 100
        return SignalCandidate(kind: .breakout, direction: direction, strength: volumeRatio,
                               intensity: volumeRatio / configuration.volumeFactor,
                               reason: !describing ? "" : "new intraday \(direction == .up ? "high" : "low") \(Format.grouped(price)) (\(Format.percent(beyond)) % beyond \(Format.grouped(level))) on ×\(Format.ratio(volumeRatio)) volume",
                               cooldownSeconds: configuration.cooldownSeconds)
    }
}
