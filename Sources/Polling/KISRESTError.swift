import KIS

/// Why a KIS REST call failed, classified for what the caller should do.
public struct KISRESTError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The classes of failure: what KIS answered, in the one catalogue's terms, or what went wrong
    /// on this side of the wire.
    public enum Kind: Sendable, Hashable {
        /// KIS answered with an error: its ``KISErrorClass`` (`.rateLimited` for `EGW00201`,
        /// `.tokenExpired` for `EGW00123`, …). REST sees only the REST classes: a WebSocket-only or
        /// unknown class arrives as `.badRequest` (HTTP status below 500) or `.serverError`.
        case server(KISErrorClass)
        /// Connect, read or timeout failure.
        case network
        /// The endpoint does not exist in this environment (virtual lacks multiprice, rankings).
        case unsupported
        /// The body is not the JSON KIS sends.
        case malformedResponse

        /// The name in logs and in the poller's status (`rateLimited`, `network`, …).
        public var name: String {
            switch self {
            case .server(let classification): classification.rawValue
            case .network: "network"
            case .unsupported: "unsupported"
            case .malformedResponse: "malformedResponse"
            }
        }
    }

    public let kind: Kind
    /// The KIS code (`EGW00201`, …) when the server sent one.
    public let code: String?
    public let httpStatus: Int?
    public let detail: String

    public init(kind: Kind, code: String? = nil, httpStatus: Int? = nil, detail: String) {
        self.kind = kind; self.code = code; self.httpStatus = httpStatus; self.detail = detail
    }

    /// Maps a KIS server error through the one catalogue.
    public init(_ error: KISError) {
        let kind: Kind = switch error.classification {
        case .rateLimited, .tokenExpired, .tokenInvalid, .tokenIssuedTooSoon, .badCredentials, .badRequest:
            .server(error.classification)
        case .malformedMessage: .malformedResponse
        case .serverError, .unknown, .cipherFailure, .alreadySubscribed, .notSubscribed, .subscriptionLimit,
             .invalidApproval, .sessionInUse:
            .server((error.httpStatus ?? 500) < 500 ? .badRequest : .serverError)
        }
        self.init(kind: kind, code: error.code, httpStatus: error.httpStatus, detail: error.description)
    }

    /// Whether the failure says something about the requested codes (not the call or the session).
    public var blamesRequest: Bool { kind == .server(.badRequest) }

    public var description: String {
        "KIS REST \(kind.name)" + (code.map { " \($0)" } ?? "") + (httpStatus.map { " (HTTP \($0))" } ?? "") + ": \(detail)"
    }
}
