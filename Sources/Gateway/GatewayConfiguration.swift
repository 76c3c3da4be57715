/// The `"ws-gateway"` section of the configuration file. Every key is optional in the file and
/// falls back to the default documented here.
///
/// ```json
/// "ws-gateway": {"slotCapacity": 41, "subscribeGapMilliseconds": 50, "pingReply": "echo"}
/// ```
public struct GatewayConfiguration: Codable, Sendable, Equatable {
    /// Registrations per session. KIS: 41 per appkey, every `(tr_id, tr_key)` counted (protocol.md §6.4).
    public var slotCapacity = 41
    /// Pause after each (un)subscribe message, so KIS never sees a burst. 50 ms is what the official
    /// sample intends for real accounts (protocol.md §6.2); 41 registrations then take ~2 s.
    public var subscribeGapMilliseconds = 50
    /// How long a `subscribe`/`unsubscribe` command waits for KIS's answer before the reply says
    /// `pending` (the ledger is updated when the answer comes).
    public var ackTimeoutSeconds = 5.0
    /// `custtype` of the subscribe messages: `P` personal, `B` corporate.
    public var customerType = "P"
    /// How PINGPONG is answered: `"echo"` (text frame, as pykis) or `"pong"` (pong control frame,
    /// as the official sample). KIS accepts both (protocol.md §6.5).
    public var pingReply = "echo"
    /// A session that receives nothing at all (not even PINGPONG) for this long is dead: reconnect.
    /// Wall seconds.
    public var idleTimeoutSeconds = 300.0
    /// Connect + TLS + handshake bound, and the approval-key request's timeout. Wall seconds.
    public var connectTimeoutSeconds = 10.0
    /// Reconnect backoff: first delay, cap, jitter fraction (±). Wall seconds.
    public var reconnectInitialSeconds = 1.0
    public var reconnectMaximumSeconds = 60.0
    public var reconnectJitter = 0.2
    /// Backoff after `OPSP8996 ALREADY IN USE appkey` (a lingering "zombie" session): KIS keeps
    /// refusing for tens of seconds or more, and fast retries make it worse (protocol.md §6.4).
    /// Market seconds (KIS's timeout; kis-sim scales it by its speed).
    public var lingeringSessionInitialSeconds = 30.0
    public var lingeringSessionMaximumSeconds = 600.0
    /// A session up this long counts as healthy: the backoff starts over. Wall seconds.
    public var healthyUptimeSeconds = 60.0
    /// At most one log line sampling malformed records per this many seconds.
    public var malformedLogIntervalSeconds = 10.0

    public init() {}

    /// Problems that make the configuration unusable (exit 78), empty when valid.
    public var problems: [String] {
        var found: [String] = []
        if slotCapacity < 1 { found.append("slotCapacity must be at least 1") }
        if subscribeGapMilliseconds < 0 { found.append("subscribeGapMilliseconds must not be negative") }
        if !["echo", "pong"].contains(pingReply) { found.append("pingReply must be \"echo\" or \"pong\"") }
        if !["P", "B"].contains(customerType) { found.append("customerType must be \"P\" or \"B\"") }
        if ackTimeoutSeconds <= 0 || idleTimeoutSeconds <= 0 || connectTimeoutSeconds <= 0 {
            found.append("timeouts must be positive")
        }
        if reconnectInitialSeconds <= 0 || reconnectMaximumSeconds < reconnectInitialSeconds
            || lingeringSessionInitialSeconds <= 0 || lingeringSessionMaximumSeconds < lingeringSessionInitialSeconds {
            found.append("backoff delays must be positive with maximum ≥ initial")
        }
        if reconnectJitter < 0 || reconnectJitter >= 1 { found.append("reconnectJitter must be in 0..<1") }
        return found
    }
}
