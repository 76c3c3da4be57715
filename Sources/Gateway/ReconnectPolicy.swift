import IPC

/// Why one KIS session ended.
public enum SessionEnd: Sendable, Equatable, CustomStringConvertible {
    /// The approval key could not be obtained (HTTP or JSON failure).
    case approvalFailed(String)
    /// TCP/TLS/WebSocket handshake failed.
    case connectFailed(String)
    /// The server closed the connection: with a close frame (`clean`) or without one (1006).
    case closed(clean: Bool)
    /// `OPSP8996 ALREADY IN USE appkey`: a lingering session holds the appkey.
    case appKeyInUse
    /// `OPSP0011 invalid approval`: the next session asks for a new key.
    case invalidApproval
    /// Nothing received for the idle timeout.
    case idle
    /// Reading or writing failed.
    case failed(String)

    public var description: String {
        switch self {
        case .approvalFailed(let why): "approval key request failed: \(why)"
        case .connectFailed(let why): "connect failed: \(why)"
        case .closed(let clean): clean ? "closed by the server" : "connection lost without a close frame"
        case .appKeyInUse: "OPSP8996 ALREADY IN USE appkey (lingering session)"
        case .invalidApproval: "OPSP0011 invalid approval key"
        case .idle: "no frame within the idle timeout"
        case .failed(let why): "session failed: \(why)"
        }
    }
}

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

/// Events per second over a sliding window of whole seconds, as a pure value.
public struct RateMeter: Sendable, Equatable {
    private var buckets: [Int]
    private var bucketSecond: [Int]
    public let windowSeconds: Int
    public init(windowSeconds: Int = 10) {
        self.windowSeconds = max(1, windowSeconds)
        // One more bucket than the window: the current, still filling second.
        buckets = Array(repeating: 0, count: self.windowSeconds + 1)
        bucketSecond = Array(repeating: Int.min, count: self.windowSeconds + 1)
    }

    /// Adds `count` events at time `now` (seconds).
    public mutating func record(_ count: Int, at now: Double) {
        let second = Int(now.rounded(.down))
        let slot = ((second % buckets.count) + buckets.count) % buckets.count
        if bucketSecond[slot] != second { bucketSecond[slot] = second; buckets[slot] = 0 }
        buckets[slot] += count
    }

    /// The mean rate over the last full window before `now` (the current second excluded).
    public func rate(at now: Double) -> Double {
        let current = Int(now.rounded(.down))
        var total = 0
        for slot in buckets.indices where bucketSecond[slot] < current && bucketSecond[slot] >= current - windowSeconds {
            total += buckets[slot]
        }
        return Double(total) / Double(windowSeconds)
    }
}
