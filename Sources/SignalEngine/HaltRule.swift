import IPC

/// `halt` and `resume`: trading suspended (거래정지: KIS `TRHT_YN`, `temp_stop_yn`) and resumed.
/// While a stock is halted `SignalEvaluator` runs no other rule on it.
public struct HaltRule: SignalRule {
    public let configuration: SignalsConfiguration.Halt
    public var kind: SignalKind { .halt }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.Halt) { self.configuration = configuration }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        let status = state.status
        guard status.haltSerial > 0 else { return nil }
        let before = status.priceBeforeHalt
        if status.isHalted {
            var candidate = SignalCandidate(
                kind: .halt, direction: SignalDirection(state.changePercent ?? 0), strength: state.changePercent ?? 0, intensity: 1,
                reason: describing ? "trading halted" + (before.map { " at \(Format.grouped($0))" } ?? "") : "",
                variant: status.haltSerial * 2, cooldownSeconds: configuration.cooldownSeconds)
            candidate.details = SignalDetails(referencePrice: before)
            return candidate
        }
        guard let resumedAt = status.resumedAt, let haltedAt = status.haltedAt else { return nil }
        let move = before.flatMap { base in state.price.map { percent($0, from: base) } } ?? 0
        var candidate = SignalCandidate(
            kind: .resume, direction: SignalDirection(move), strength: move, intensity: 1,
            reason: describing ? "trading resumed after \(Format.ratio((resumedAt - haltedAt) / 60)) min" + (before.map { " (\(Format.percent(move)) % from \(Format.grouped($0)))" } ?? "") : "",
            variant: status.haltSerial * 2 + 1, cooldownSeconds: configuration.cooldownSeconds)
        candidate.details = SignalDetails(referencePrice: before)
        return candidate
    }
}
