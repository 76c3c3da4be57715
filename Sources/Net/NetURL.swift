/// An `http`, `https`, `ws` or `wss` URL split into what a client needs to connect.
public struct NetURL: Equatable, Sendable {
    /// Lower-cased scheme: `http`, `https`, `ws` or `wss`.
    public var scheme: String
    /// The host name or address (IPv6 without brackets).
    public var host: String
    public var port: UInt16
    /// Path and query, `/` when the URL has none.
    public var target: String

    /// Parses `scheme://host[:port][/path][?query]`; throws for other shapes or schemes.
    public init(_ string: String) throws {
        guard let schemeEnd = string.range(of: "://") else { throw NetError.invalidURL(string) }
        scheme = string[..<schemeEnd.lowerBound].lowercased()
        guard let defaultPort = Self.defaultPorts[scheme] else { throw NetError.invalidURL(string) }
        let rest = string[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        target = authorityEnd == rest.endIndex ? "/" : String(rest[authorityEnd...])
        if target.hasPrefix("?") { target = "/" + target }
        var hostPart = Substring(authority)
        var portPart: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw NetError.invalidURL(string) }
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portPart = after.dropFirst() } else if !after.isEmpty { throw NetError.invalidURL(string) }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty, !hostPart.contains("@") else { throw NetError.invalidURL(string) }
        host = String(hostPart)
        if let portPart {
            guard let value = UInt16(portPart), value > 0 else { throw NetError.invalidURL(string) }
            port = value
        } else {
            port = defaultPort
        }
    }

    /// Whether the scheme is `https` or `wss`.
    public var isSecure: Bool { scheme == "https" || scheme == "wss" }

    /// The `Host` header value: host, bracketed if IPv6, with the port unless it is the default.
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == Self.defaultPorts[scheme] ? name : "\(name):\(port)"
    }

    private static let defaultPorts: [String: UInt16] = ["http": 80, "ws": 80, "https": 443, "wss": 443]
}
