/// The one error type of the NATS module: a readable description over a private reason.
public struct NATSError: Error, CustomStringConvertible, Equatable, Sendable {
    private enum Reason: Equatable, Sendable {
        case malformed(String)
        case payloadTooLarge(length: Int, limit: Int)
        case invalidSubject(String)
        case server(String)
        case notConnected
        case connectionClosed
        case timedOut(String)
        case noResponders(String)
        case invalidURL(String)
        case jetStream(code: Int, errorCode: Int, description: String)
    }

    private let reason: Reason
    private init(_ reason: Reason) { self.reason = reason }

    static func malformed(_ detail: String) -> NATSError { NATSError(.malformed(detail)) }
    static func payloadTooLarge(length: Int, limit: Int) -> NATSError { NATSError(.payloadTooLarge(length: length, limit: limit)) }
    static func invalidSubject(_ subject: String) -> NATSError { NATSError(.invalidSubject(String(subject.prefix(64)))) }
    static func server(_ text: String) -> NATSError { NATSError(.server(text)) }
    public static let notConnected = NATSError(.notConnected)
    public static let connectionClosed = NATSError(.connectionClosed)
    static func timedOut(_ what: String) -> NATSError { NATSError(.timedOut(what)) }
    static func noResponders(_ subject: String) -> NATSError { NATSError(.noResponders(subject)) }
    /// The URL as shown: credentials in it (`user:password@`) are never repeated in a message.
    static func invalidURL(_ url: String) -> NATSError {
        var shown = String(url.prefix(256))
        if let at = shown.lastIndex(of: "@") {
            let start = shown.range(of: "://")?.upperBound ?? shown.startIndex
            if start <= at { shown.replaceSubrange(start..<at, with: "<credentials removed>") }
        }
        return NATSError(.invalidURL(shown))
    }
    static func jetStream(code: Int, errorCode: Int, description: String) -> NATSError {
        NATSError(.jetStream(code: code, errorCode: errorCode, description: description))
    }

    /// Whether the server refused our credentials (`-ERR 'Authorization Violation'`).
    public var isAuthorizationViolation: Bool {
        if case .server(let text) = reason { return text.lowercased().contains("authorization violation") }
        return false
    }
    /// Whether the server refused a publish or subscribe for lack of permission.
    public var isPermissionViolation: Bool {
        if case .server(let text) = reason { return text.lowercased().contains("permissions violation") }
        return false
    }
    /// Whether a request found no subscriber (`503` status).
    public var isNoResponders: Bool { if case .noResponders = reason { return true } else { return false } }
    /// Whether a deadline expired.
    public var isTimeout: Bool { if case .timedOut = reason { return true } else { return false } }
    /// Whether retrying the same operation later may succeed (the connection or the server's
    /// availability), as opposed to an operation the server or the codec will always refuse.
    public var isTransient: Bool {
        switch reason {
        case .notConnected, .connectionClosed, .timedOut, .noResponders: true
        case .server(let text): !text.lowercased().contains("permissions violation")
        case .malformed, .payloadTooLarge, .invalidSubject, .invalidURL, .jetStream: false
        }
    }
    /// The JetStream API error code (`err_code`, e.g. 10058 "stream name already in use"), if any.
    public var jetStreamErrorCode: Int? { if case .jetStream(_, let code, _) = reason { return code } else { return nil } }

    public var description: String {
        switch reason {
        case .malformed(let detail): "malformed NATS protocol: \(detail)"
        case .payloadTooLarge(let length, let limit): "payload of \(length) bytes exceeds the maximum of \(limit)"
        case .invalidSubject(let subject): "invalid subject \"\(subject)\""
        case .server(let text): "server error: \(text)"
        case .notConnected: "not connected to NATS"
        case .connectionClosed: "the NATS connection closed"
        case .timedOut(let what): "\(what) timed out"
        case .noResponders(let subject): "no responders on \(subject)"
        case .invalidURL(let url): "invalid NATS URL \(url) (expected nats://host[:port] or tls://host[:port])"
        case .jetStream(let code, let errorCode, let description): "JetStream error \(code)/\(errorCode): \(description)"
        }
    }
}
