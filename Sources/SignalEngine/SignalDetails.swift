import IPC

/// The extra fields a finding carries onto its ``TradeSignal`` (the KRX kinds': reference price,
/// VI event and prices, the queue at a limit). Empty for the other kinds.
public struct SignalDetails: Sendable, Equatable {
    /// The signal's price when it is not the stock's last price (a VI's trigger price).
    public var price: Int?
    public var referencePrice: Int?
    public var event: String?
    public var viKind: String?
    public var triggerPrice: Int?
    public var resolvedPrice: Int?
    public var movePercent: Double?
    public var queue: Int?

    public init(price: Int? = nil, referencePrice: Int? = nil, event: String? = nil, viKind: String? = nil,
                triggerPrice: Int? = nil, resolvedPrice: Int? = nil, movePercent: Double? = nil, queue: Int? = nil) {
        self.price = price; self.referencePrice = referencePrice; self.event = event; self.viKind = viKind
        self.triggerPrice = triggerPrice; self.resolvedPrice = resolvedPrice; self.movePercent = movePercent; self.queue = queue
    }

    /// Copies the details onto `signal`.
    func apply(to signal: inout TradeSignal) {
        if let price { signal.price = price }
        signal.referencePrice = referencePrice; signal.event = event; signal.viKind = viKind
        signal.triggerPrice = triggerPrice; signal.resolvedPrice = resolvedPrice
        signal.movePercent = movePercent.map { ($0 * 100).rounded() / 100 }; signal.queue = queue
    }
}

/// The KRX session at a market time, as signals are marked with it (protocol.md §7.1, and the
/// 16:00–20:00 after-market from 2026-09-14).
public enum TradingSession {
    /// `pre` before 09:00, `regular` to 15:20, `closing` (the closing auction) to 15:30, `post` to
    /// 16:00, `after` to 20:00, then `closed`.
    public static func name(at time: Double) -> String {
        let second = MarketClock.secondsOfDay(time)
        switch second {
        case ..<(9 * 3600): return "pre"
        case ..<(15 * 3600 + 20 * 60): return "regular"
        case ..<(15 * 3600 + 30 * 60): return "closing"
        case ..<(16 * 3600): return "post"
        case ..<(20 * 3600): return "after"
        default: return "closed"
        }
    }
}

/// Percent of `value` against `base` (0 for a base of 0).
func percent(_ value: Int, from base: Int) -> Double {
    base == 0 ? 0 : Double(value - base) / Double(base) * 100
}

extension TradeSignal {
    /// This signal with `details` and the session it came in.
    func marked(_ details: SignalDetails, session: String) -> TradeSignal {
        var signal = self
        details.apply(to: &signal)
        signal.session = session
        return signal
    }
}
