/// A ``TradeSignal``'s direction: `up` or `down` on the wire.
public enum SignalDirection: String, Codable, Sendable, Hashable {
    case up, down
}
