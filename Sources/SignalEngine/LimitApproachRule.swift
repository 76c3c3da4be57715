import IPC

/// `limit_approach`: the price within `distancePercent` of the day's upper limit (상한가) or lower
/// limit (하한가), not at it (that is `limit_lock`). The limits are ±30 % of the base price
/// (krx-rules.md), as the REST rows give them.
public struct LimitApproachRule: SignalRule {
    public let configuration: SignalsConfiguration.LimitApproach
    public var kind: SignalKind { .limitApproach }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.LimitApproach) { self.configuration = configuration }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        let status = state.status
        guard context.secondsSinceOpen >= 0, let price = state.price, price > 0, status.vi?.isActive != true else { return nil }
        let threshold = configuration.distancePercent
        if let upper = status.upperLimit, price < upper {
            let distance = Double(upper - price) / Double(upper) * 100
            if distance <= threshold { return candidate(.up, limit: upper, price: price, distance: distance, describing) }
        }
        if let lower = status.lowerLimit, price > lower {
            let distance = Double(price - lower) / Double(lower) * 100
            if distance <= threshold { return candidate(.down, limit: lower, price: price, distance: distance, describing) }
        }
        return nil
    }

    private func candidate(_ direction: SignalDirection, limit: Int, price: Int, distance: Double, _ describing: Bool) -> SignalCandidate {
        let side = direction == .up ? "upper" : "lower"
        // Closer is stronger: at the threshold 1, twice as close 2 (a floor of a tenth of it).
        var candidate = SignalCandidate(
            kind: .limitApproach, direction: direction, strength: distance,
            intensity: configuration.distancePercent / max(distance, configuration.distancePercent / 10),
            reason: describing ? "\(Format.ratio(distance)) % from the \(side) limit \(Format.grouped(limit)) (price \(Format.grouped(price)))" : "",
            cooldownScope: direction == .up ? 1 : -1, cooldownSeconds: configuration.cooldownSeconds)
        candidate.details = SignalDetails(referencePrice: limit)
        return candidate
    }
}
