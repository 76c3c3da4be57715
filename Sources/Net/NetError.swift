/// The one error type of the Net module: a readable description over a private reason.
///
/// Codecs throw it for malformed or oversized input, drivers for timeouts, closed connections,
/// TLS and handshake failures. `webSocketCloseCode` maps a protocol error to its RFC 6455 close
/// code, the one place where errors become wire codes.
public struct NetError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Reason: Equatable, Sendable {
        case malformed(String)
        case headerTooLarge(limit: Int)
        case bodyTooLarge(length: Int, limit: Int)
        case messageTooLarge(length: UInt64, limit: Int)
        case webSocketProtocol(String)
        case truncated(String)
        case timedOut(String)
        case connectionClosed
        case invalidURL(String)
        case handshakeFailed(String)
        case tls(String)
        case resolution(host: String, detail: String)
    }

    private let reason: Reason

    private init(_ reason: Reason) { self.reason = reason }

    static func malformed(_ detail: String) -> NetError { NetError(.malformed(detail)) }
    static func headerTooLarge(limit: Int) -> NetError { NetError(.headerTooLarge(limit: limit)) }
    static func bodyTooLarge(length: Int, limit: Int) -> NetError { NetError(.bodyTooLarge(length: length, limit: limit)) }
    static func messageTooLarge(length: UInt64, limit: Int) -> NetError { NetError(.messageTooLarge(length: length, limit: limit)) }
    static func webSocketProtocol(_ detail: String) -> NetError { NetError(.webSocketProtocol(detail)) }
    static func truncated(_ detail: String) -> NetError { NetError(.truncated(detail)) }
    static func timedOut(_ what: String) -> NetError { NetError(.timedOut(what)) }
    static let connectionClosed = NetError(.connectionClosed)
    static func invalidURL(_ url: String) -> NetError { NetError(.invalidURL(url)) }
    static func handshakeFailed(_ detail: String) -> NetError { NetError(.handshakeFailed(detail)) }
    static func tls(_ detail: String) -> NetError { NetError(.tls(detail)) }
    static func resolution(host: String, detail: String) -> NetError { NetError(.resolution(host: host, detail: detail)) }

    /// Whether a deadline (connect, read, close handshake) expired.
    public var isTimeout: Bool { if case .timedOut = reason { return true } else { return false } }
    /// Whether the peer or the caller closed the connection.
    public var isConnectionClosed: Bool { reason == .connectionClosed }
    /// Whether input was rejected for exceeding a configured limit.
    public var isSizeLimit: Bool {
        switch reason {
        case .headerTooLarge, .bodyTooLarge, .messageTooLarge: return true
        default: return false
        }
    }

    /// The HTTP status a server answers when a request fails to decode with this error.
    public var httpStatus: Int {
        switch reason {
        case .headerTooLarge: return 431
        case .bodyTooLarge: return 413
        default: return 400
        }
    }

    /// The RFC 6455 §7.4.1 close code a WebSocket endpoint sends when it fails for this error.
    public var webSocketCloseCode: UInt16 {
        switch reason {
        case .messageTooLarge: return 1009
        case .webSocketProtocol, .malformed, .truncated: return 1002
        default: return 1011
        }
    }

    public var description: String {
        switch reason {
        case .malformed(let detail): return "malformed input: \(detail)"
        case .headerTooLarge(let limit): return "HTTP header section exceeds \(limit) bytes"
        case .bodyTooLarge(let length, let limit): return "body of \(length) bytes exceeds the \(limit)-byte limit"
        case .messageTooLarge(let length, let limit): return "WebSocket message of \(length) bytes exceeds the \(limit)-byte limit"
        case .webSocketProtocol(let detail): return "WebSocket protocol error: \(detail)"
        case .truncated(let detail): return "stream ended inside \(detail)"
        case .timedOut(let what): return "timed out: \(what)"
        case .connectionClosed: return "connection closed"
        case .invalidURL(let url): return "invalid URL: \(url)"
        case .handshakeFailed(let detail): return "WebSocket handshake failed: \(detail)"
        case .tls(let detail): return "TLS: \(detail)"
        case .resolution(let host, let detail): return "cannot resolve \(host): \(detail)"
        }
    }
}
