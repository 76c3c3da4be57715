import IPC

/// `volume_breakout`: cumulative volume crossing a threshold; each threshold fires once a day
/// (a stock first seen beyond several fires once, for the highest).
public struct VolumeBreakoutRule: SignalRule {
    public let thresholds: [Int]
    public var kind: SignalKind { .volumeBreakout }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.VolumeBreakout) {
        thresholds = configuration.thresholds.filter { $0 > 0 }.sorted()
    }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard let threshold = thresholds.last(where: { state.cumulativeVolume >= $0 }), let price = state.price else { return nil }
        return SignalCandidate(kind: .volumeBreakout, direction: SignalDirection(state.changePercent ?? 0),
                               strength: Double(state.cumulativeVolume),
                               intensity: Double(state.cumulativeVolume) / Double(threshold),
                               reason: describing ? "volume breakout \(Format.grouped(state.cumulativeVolume)) shares ≥ \(Format.grouped(threshold)) (\(Format.grouped(price)))" : "",
                               variant: threshold, cooldownScope: threshold,
                               cooldownSeconds: 0)
    }
}
