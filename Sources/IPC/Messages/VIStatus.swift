/// One VI (volatility interruption, 변동성완화장치) of the day, as the poller read it from KIS's
/// whole-market VI list (inquire-vi-status). A VI stops continuous trading for a 2-minute
/// single-price auction plus a random extension of up to 30 s (krx-rules.md).
public struct VIEvent: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
    /// In force (the auction runs) or released.
    public var isActive: Bool
    /// `static`, `dynamic` or `both`.
    public var kind: String
    /// KIS trigger time, `HHMMSS` (KST).
    public var triggerTime: String
    /// KIS release time, `HHMMSS`; absent while in force.
    public var releaseTime: String?
    /// The price that triggered it.
    public var triggerPrice: Int
    /// The static or dynamic reference price it was measured against.
    public var referencePrice: Int
    /// Trigger price against the reference, percent, signed.
    public var deviationPercent: Double
    /// The stock's VI count of the day.
    public var count: Int

    public init(code: String, name: String, isActive: Bool, kind: String, triggerTime: String, releaseTime: String? = nil,
                triggerPrice: Int, referencePrice: Int, deviationPercent: Double, count: Int) {
        self.code = code; self.name = name; self.isActive = isActive; self.kind = kind; self.triggerTime = triggerTime
        self.releaseTime = releaseTime; self.triggerPrice = triggerPrice; self.referencePrice = referencePrice
        self.deviationPercent = deviationPercent; self.count = count
    }
}

/// The `vi_status` message (topic `quote`): the latest VIs of the whole market, from one poll.
public struct VIStatus: Codable, Sendable, Equatable {
    public var events: [VIEvent]
    /// When the poller received them: Unix epoch seconds.
    public var receivedAt: Double

    public init(events: [VIEvent], receivedAt: Double) { self.events = events; self.receivedAt = receivedAt }
}
