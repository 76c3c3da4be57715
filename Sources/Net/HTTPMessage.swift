/// The HTTP version of a message; only 1.0 and 1.1 are spoken.
public struct HTTPVersion: Equatable, Sendable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// An HTTP/1.1 request: method, target (path and query), headers and a complete body.
public struct HTTPRequest: Equatable, Sendable {
    public var method: String
    /// The request target as sent, e.g. `/uapi/quotations/inquire-price?FID_INPUT_ISCD=005930`.
    public var target: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: String, target: String, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The target without its query.
    public var path: String { String(target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]) }

    /// The raw query (after `?`), or `nil` if there is none.
    public var query: String? {
        guard let mark = target.firstIndex(of: "?") else { return nil }
        return String(target[target.index(after: mark)...])
    }

    /// The decoded query parameters, in order.
    public var queryItems: [QueryItem] { query.map(QueryString.parse) ?? [] }

    /// The first query value whose name matches `name` case-insensitively (as KIS's server does).
    public func queryValue(named name: String) -> String? {
        queryItems.first { HTTPHeaders.equalNames($0.name, name) }?.value
    }

    /// Whether the connection stays open after this exchange (RFC 9112 §9.3).
    public var isKeepAlive: Bool { HTTPVersion.isKeepAlive(version, headers) }

    /// The body as UTF-8 text (lossy).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// An HTTP/1.1 response: status, reason, headers and a complete body.
public struct HTTPResponse: Equatable, Sendable {
    public var status: Int
    public var reason: String
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, reason: String? = nil, version: HTTPVersion = .http1_1, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.reason = reason ?? HTTPResponse.standardReason(status)
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// A response with a UTF-8 body and its content type.
    public init(status: Int, contentType: String, body: String) {
        self.init(status: status, headers: ["Content-Type": contentType], body: Array(body.utf8))
    }

    /// Whether the connection stays open after this exchange.
    public var isKeepAlive: Bool { HTTPVersion.isKeepAlive(version, headers) }

    /// The body as UTF-8 text (lossy).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The usual reason phrase for common status codes.
    public static func standardReason(_ status: Int) -> String {
        switch status {
        case 101: return "Switching Protocols"
        case 200: return "OK"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 413: return "Content Too Large"
        case 429: return "Too Many Requests"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        default: return "Status \(status)"
        }
    }
}

extension HTTPVersion {
    /// HTTP/1.1 keeps alive unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`.
    static func isKeepAlive(_ version: HTTPVersion, _ headers: HTTPHeaders) -> Bool {
        if headers.contains("Connection", token: "close") { return false }
        if version == .http1_0 { return headers.contains("Connection", token: "keep-alive") }
        return true
    }
}
