import IPC

/// `vi`: a VI (변동성완화장치) triggered — continuous trading stops for a 2-minute single-price
/// auction — and, once more, released, with the auction's resolved price and its move from the
/// trigger price (krx-rules.md). Each VI fires once triggered and once released (`variant` is the
/// VI's serial), whichever feed told first: the VI list, the tape's phase, a REST row.
public struct VIRule: SignalRule {
    public let configuration: SignalsConfiguration.VI
    public var kind: SignalKind { .vi }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.VI) { self.configuration = configuration }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard let vi = state.status.vi else { return nil }
        let deviation = percent(vi.triggerPrice, from: vi.referencePrice)
        let kind = vi.kind.rawValue
        if vi.isActive {
            var candidate = SignalCandidate(
                kind: .vi, direction: vi.direction, strength: deviation, intensity: 1,
                reason: describing ? "\(kind) VI triggered at \(Format.grouped(vi.triggerPrice)) (\(Format.percent(deviation)) % from its reference \(Format.grouped(vi.referencePrice))): 2-minute single-price auction" : "",
                variant: vi.serial * 2, cooldownScope: 0, cooldownSeconds: configuration.cooldownSeconds)
            candidate.details = SignalDetails(price: vi.triggerPrice, referencePrice: vi.referencePrice, event: "triggered",
                                              viKind: kind, triggerPrice: vi.triggerPrice)
            return candidate
        }
        guard let resolved = vi.resolvedPrice else { return nil }
        let move = percent(resolved, from: vi.triggerPrice)
        var candidate = SignalCandidate(
            kind: .vi, direction: vi.direction, strength: move, intensity: 1,
            reason: describing ? "\(kind) VI released at \(Format.grouped(resolved)) (\(Format.percent(move)) % from the trigger \(Format.grouped(vi.triggerPrice)), \(Format.percent(percent(resolved, from: vi.referencePrice))) % from the reference \(Format.grouped(vi.referencePrice)))" : "",
            variant: vi.serial * 2 + 1, cooldownScope: 1, cooldownSeconds: configuration.cooldownSeconds)
        candidate.details = SignalDetails(price: resolved, referencePrice: vi.referencePrice, event: "released", viKind: kind,
                                          triggerPrice: vi.triggerPrice, resolvedPrice: resolved, movePercent: move)
        return candidate
    }
}
