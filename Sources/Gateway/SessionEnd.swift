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
