/// The KRX exchange-event kinds' sections of `"signals"` (krx-rules.md): `vi`, `limitApproach`,
/// `limitLock` (also `limit_unlock`) and `halt` (also `resume`).
extension SignalsConfiguration {
    /// `vi`: a VI triggered (the 2-minute auction starts) and released (the auction's cross).
    public struct VI: Codable, Sendable, Equatable {
        /// Cooldown per stock for triggers, and separately for releases, seconds. Default 60 (a VI
        /// lasts at least 2 minutes, so this only merges two sources' view of one VI).
        public var cooldownSeconds = 60.0
        public init() {}
    }

    /// `limit_approach`: the price within a distance of the day's upper or lower limit (±30 %).
    public struct LimitApproach: Codable, Sendable, Equatable {
        /// Distance to the limit, percent of the limit price, at or under which it fires. Default 3.
        public var distancePercent = 3.0
        /// Cooldown per stock and side, seconds. Default 600.
        public var cooldownSeconds = 600.0
        public init() {}
    }

    /// `limit_lock` / `limit_unlock`: pinned at the limit with a queue; the queue eaten and the
    /// price off the limit (상한가 풀림).
    public struct LimitLock: Codable, Sendable, Equatable {
        /// Cooldown per stock for locks, and separately for unlocks, seconds. Default 120.
        public var cooldownSeconds = 120.0
        public init() {}
    }

    /// `halt` / `resume`: trading suspended (거래정지) and resumed.
    public struct Halt: Codable, Sendable, Equatable {
        /// Cooldown per stock for halts, and separately for resumptions, seconds. Default 60.
        public var cooldownSeconds = 60.0
        public init() {}
    }
}
