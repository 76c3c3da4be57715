import Net
import System

/// How to authenticate to the server. `description` never shows a secret.
public enum NATSCredentials: Sendable, Equatable, CustomStringConvertible {
    case none
    case userPassword(user: String, password: String)
    case token(String)

    /// From `KIS41_NATS_USER` + `KIS41_NATS_PASSWORD`, or `KIS41_NATS_TOKEN` (environment or secrets file).
    public static func from(_ values: [String: String]) -> NATSCredentials {
        if let user = values["KIS41_NATS_USER"], !user.isEmpty {
            return .userPassword(user: user, password: values["KIS41_NATS_PASSWORD"] ?? "")
        }
        if let token = values["KIS41_NATS_TOKEN"], !token.isEmpty { return .token(token) }
        return .none
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .userPassword(let user, _): "user \(user) with a password"
        case .token: "a token"
        }
    }
}

/// Where and how to connect: `nats://host[:port]` (plain, TLS if the server requires it) or
/// `tls://host[:port]` (TLS always); port 4222 by default. Credentials never come from the URL.
public struct NATSConfiguration: Sendable {
    public var host: String
    public var port: UInt16
    /// Whether TLS is required by us (`tls://`); a server that requires it gets it anyway.
    public var requiresTLS: Bool
    public var credentials: NATSCredentials
    /// CAs to trust (default: the system's, or `SSL_CERT_FILE`).
    public var tls: TLSConfiguration
    /// The client name the server shows in its monitoring.
    public var name: String
    /// Seconds to connect, greet and authenticate.
    public var connectTimeout: Double = 5
    /// Seconds between our keep-alive `PING`s; after `maximumOutstandingPings` unanswered, the
    /// connection is considered dead.
    public var pingInterval: Double = 20
    public var maximumOutstandingPings = 2
    /// Reconnect backoff bounds, seconds.
    public var reconnectInitialDelay: Double = 0.1
    public var reconnectMaximumDelay: Double = 2

    public init(url: String, credentials: NATSCredentials = .none, name: String = "kis41", tls: TLSConfiguration = .client()) throws {
        guard let schemeEnd = url.range(of: "://") else { throw NATSError.invalidURL(url) }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "nats" || scheme == "tls" else { throw NATSError.invalidURL(url) }
        var authority = url[schemeEnd.upperBound...]
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        // user:password@host would put a secret on a command line or in a log: refused.
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("/") else { throw NATSError.invalidURL(url) }
        var host = authority
        var port: UInt16 = 4222
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw NATSError.invalidURL(url) }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { guard let value = UInt16(after.dropFirst()), value > 0 else { throw NATSError.invalidURL(url) }; port = value }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let value = UInt16(authority[authority.index(after: colon)...]), value > 0 else { throw NATSError.invalidURL(url) }
            port = value
        }
        guard !host.isEmpty else { throw NATSError.invalidURL(url) }
        self.host = String(host); self.port = port; requiresTLS = scheme == "tls"
        self.credentials = credentials; self.name = name; self.tls = tls
    }

    /// `host:port` for messages.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
