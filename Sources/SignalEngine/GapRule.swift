import IPC

/// `gap`: the open against the previous close beyond ±threshold — before 09:00 the auction's
/// expected open, from 09:00 the actual open (for `windowMinutes`).
public struct GapRule: SignalRule {
    public let configuration: SignalsConfiguration.Gap
    public var kind: SignalKind { .gap }
    public var trigger: SignalTrigger { .tape }
    public init(_ configuration: SignalsConfiguration.Gap) { self.configuration = configuration }

    /// The gap, percent, against the pool of similar stocks' gaps (a stock gaps once a day: its
    /// expected open and its open are its two tests).
    public var nullStatistics: [NullStatistic] { [NullStatistic(tail: .both, testsPerDay: 2, isPooledOnly: true)] }

    public func nullSample(_ channel: Int, _ state: StockState, _ context: EvaluationContext) -> Double? {
        gap(state, context)?.percent
    }

    /// The gap now (expected before 09:00, actual in the window after), percent, with the open it is from.
    private func gap(_ state: StockState, _ context: EvaluationContext) -> (percent: Double, open: Int, close: Int, isExpected: Bool)? {
        guard let close = state.previousClose, close > 0 else { return nil }
        let isExpected = context.secondsSinceOpen < 0
        if !isExpected, context.secondsSinceOpen > configuration.windowMinutes * 60 { return nil }
        guard let open = isExpected ? state.expectedPrice : state.open, open > 0 else { return nil }
        return (Double(open - close) / Double(close) * 100, open, close, isExpected)
    }

    public func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate? {
        guard let (gap, open, close, isExpected) = self.gap(state, context), abs(gap) >= configuration.thresholdPercent,
              context.passesBudget(gap) else { return nil }
        let direction = SignalDirection(gap)
        return SignalCandidate(kind: .gap, direction: direction, strength: gap,
                               intensity: abs(gap) / configuration.thresholdPercent,
                               reason: !describing ? "" : "gap \(Format.percent(gap)) % (\(isExpected ? "expected open" : "open") \(Format.grouped(open)) vs close \(Format.grouped(close)))",
                               variant: (isExpected ? 10 : 20) + (direction == .up ? 1 : -1), cooldownScope: isExpected ? 1 : 0,
                               cooldownSeconds: configuration.cooldownSeconds, statistic: gap)
    }
}
