/// Watches a session for silence: KIS sends PINGPONG every few tens of seconds, so a session that
/// receives nothing for `timeout` seconds is dead even if TCP has not noticed.
public struct LivenessMonitor: Sendable, Equatable {
    public let timeout: Double
    public private(set) var lastActivity: Double

    public init(timeout: Double, now: Double) { self.timeout = timeout; lastActivity = now }

    /// Anything received counts.
    public mutating func recordActivity(at now: Double) { lastActivity = max(lastActivity, now) }

    /// Whether the session has been silent for longer than the timeout.
    public func isStale(at now: Double) -> Bool { now - lastActivity > timeout }

    /// Seconds until the session would turn stale (when to check next).
    public func remaining(at now: Double) -> Double { max(0, timeout - (now - lastActivity)) }
}
