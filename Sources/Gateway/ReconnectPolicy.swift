import IPC

/// Decides the wait before the next session, as a pure value: capped exponential backoff with
/// jitter, a separate and much longer one after OPSP8996, and a fresh start after a session that
/// stayed up for `healthyUptime` seconds.
public struct ReconnectPolicy: Sendable {
    private var ordinary: Backoff
    private var lingering: Backoff
    public let healthyUptime: Double

    public init(configuration: GatewayConfiguration) {
        ordinary = Backoff(initial: configuration.reconnectInitialSeconds, maximum: configuration.reconnectMaximumSeconds,
                           jitter: configuration.reconnectJitter)
        lingering = Backoff(initial: configuration.lingeringSessionInitialSeconds,
                            maximum: configuration.lingeringSessionMaximumSeconds, jitter: configuration.reconnectJitter)
        healthyUptime = configuration.healthyUptimeSeconds
    }

    /// Attempts since the last healthy session (ordinary and lingering together).
    public var attempt: Int { ordinary.attempt + lingering.attempt }

    /// The delay before reconnecting after a session that ended with `end` after `uptime` seconds
    /// of being connected (0 when it never connected); `random` is uniform in 0..<1.
    public mutating func delay(after end: SessionEnd, uptime: Double, random: Double = Double.random(in: 0..<1)) -> Double {
        if uptime >= healthyUptime {
            ordinary.reset()
            lingering.reset()
        }
        if end == .appKeyInUse {
            // KIS: retrying a lingering session quickly keeps it alive longer (protocol.md §6.4).
            return lingering.nextDelay(random: random)
        }
        return ordinary.nextDelay(random: random)
    }
}
