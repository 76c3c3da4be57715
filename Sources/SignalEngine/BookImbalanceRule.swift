import IPC

/// `book_imbalance`: total bid against total ask quantity of the order book during the session —
/// a bid share ≥ `bidShare` is buying pressure (`up`), ≤ 1 − `bidShare` selling pressure (`down`).
public struct BookImbalanceRule: SignalRule {
    public let configuration: SignalsConfiguration.BookImbalance
    public var kind: SignalKind { .bookImbalance }
    public var trigger: SignalTrigger { .book }
    public init(_ configuration: SignalsConfiguration.BookImbalance) { self.configuration = configuration }

    /// The bid share, both sides, against the stock's own history of it, every minute of the session.
    public var nullStatistics: [NullStatistic] { [NullStatistic(tail: .both, testsPerDay: MomentumRule.continuousMinutes)] }

    public func nullSample(_ channel: Int, _ state: StockState, _ context: EvaluationContext) -> Double? {
        share(state, context)
    }

    private func share(_ state: StockState, _ context: EvaluationContext) -> Double? {
        guard context.secondsSinceOpen >= 0, context.secondsOfDay < ClosingMomentumRule.end,
              let bid = state.bidTotal, let ask = state.askTotal, bid >= 0, ask >= 0,
              bid + ask >= configuration.minimumTotalQuantity else { return nil }
        return Double(bid) / Double(bid + ask)
    }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard let share = share(state, context), let bid = state.bidTotal, let ask = state.askTotal,
              context.passesBudget(share) else { return nil }
        let direction: SignalDirection
        if share >= configuration.bidShare { direction = .up }
        else if share <= 1 - configuration.bidShare { direction = .down }
        else { return nil }
        let dominant = direction == .up ? share : 1 - share
        return SignalCandidate(kind: .bookImbalance, direction: direction, strength: share,
                               intensity: dominant / configuration.bidShare,
                               reason: describing ? "order book \(Int((share * 100).rounded())) % bids (\(Format.grouped(bid)) bid vs \(Format.grouped(ask)) ask)" : "",
                               cooldownSeconds: configuration.cooldownSeconds, statistic: share)
    }
}
