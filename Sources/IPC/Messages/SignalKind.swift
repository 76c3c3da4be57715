/// The evaluators' names: a ``TradeSignal``'s `kind`, spelled on the wire as the raw value.
public enum SignalKind: String, Codable, Sendable, CaseIterable, Hashable {
    case gap, volumeSurge = "volume_surge", volumeBreakout = "volume_breakout", momentum, breakout
    case closingMomentum = "closing_momentum", bookImbalance = "book_imbalance"
    /// KRX exchange events (krx-rules.md): VI trigger/release, the daily limits, halts.
    case vi, limitApproach = "limit_approach", limitLock = "limit_lock", limitUnlock = "limit_unlock", halt, resume
}
