/// A trading signal: what a trader sees and what other tools consume as a JSON line.
public struct TradeSignal: Codable, Sendable, Equatable {
    /// Market time, ISO 8601 in KST (`2026-11-25T09:03:12+09:00`).
    public var time: String
    public var code: String
    public var name: String
    /// Which evaluator fired (`gap`, `volume_surge`, … on the wire).
    public var kind: SignalKind
    /// `up` or `down`.
    public var direction: SignalDirection
    /// Strength in the evaluator's own unit (gap %, volume ratio, …).
    public var strength: Double
    public var price: Int
    public var changeRate: Double
    public var volume: Int
    public var source: DataSource
    /// The stock's WebSocket tier when evaluated (0 = REST only).
    public var tier: Int
    /// Age of the data when evaluated, seconds.
    public var dataAgeSeconds: Double
    public var reason: String
    /// Gateway / poller receive time of the data (Unix epoch seconds), for latency measurement.
    public var receivedAt: Double
    /// 1 − p: how unlikely the statistic that fired is under the stock's own null (its history of
    /// that statistic today, or a pool of similar stocks'), 0–1; absent from older producers.
    public var confidence: Double?

    public init(time: String, code: String, name: String, kind: SignalKind, direction: SignalDirection, strength: Double,
                price: Int, changeRate: Double, volume: Int, source: DataSource, tier: Int,
                dataAgeSeconds: Double, reason: String, receivedAt: Double, confidence: Double? = nil) {
        self.time = time; self.code = code; self.name = name; self.kind = kind; self.direction = direction
        self.strength = strength; self.price = price; self.changeRate = changeRate; self.volume = volume
        self.source = source; self.tier = tier; self.dataAgeSeconds = dataAgeSeconds
        self.reason = reason; self.receivedAt = receivedAt; self.confidence = confidence
    }

    /// The KRX session the signal came in: `pre`, `regular`, `closing`, `post` or `after` (16:00–20:00).
    public var session: String? = nil
    /// The price the kind measures against: a VI's reference price, the limit price (`limit_*`), the
    /// last price before a halt (`halt`, `resume`).
    public var referencePrice: Int? = nil
    /// `vi`: `triggered` or `released`.
    public var event: String? = nil
    /// `vi`: `static` or `dynamic`.
    public var viKind: String? = nil
    /// `vi`: the price that triggered it.
    public var triggerPrice: Int? = nil
    /// `vi` released: the auction's resolved price, and its move from the trigger price, percent.
    public var resolvedPrice: Int? = nil
    public var movePercent: Double? = nil
    /// `limit_lock`: shares queued at the limit (bids at the upper limit, asks at the lower), when known.
    public var queue: Int? = nil
}
