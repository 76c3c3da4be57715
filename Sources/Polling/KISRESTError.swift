import KIS

/// Why a KIS REST call failed, classified for what the caller should do.
public struct KISRESTError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The classes of failure.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// `EGW00201`: over the per-second limit (after the bounded retries).
        case rateLimited
        /// `EGW00123`: the token expired (after one renewal and retry).
        case tokenExpired
        /// `EGW00121`/`EGW00122`: the token is invalid (after one renewal and retry).
        case tokenInvalid
        /// `EGW00133`: tokenP called again within a minute (after waiting it out).
        case tokenIssuedTooSoon
        /// Wrong app key or secret: do not retry.
        case badCredentials
        /// The request was refused as invalid (bad code, missing parameter, …).
        case badRequest
        /// A temporary or internal server failure.
        case serverError
        /// Connect, read or timeout failure.
        case network
        /// The endpoint does not exist in this environment (virtual lacks multiprice, rankings).
        case unsupported
        /// The body is not the JSON KIS sends.
        case malformedResponse
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
        case .rateLimited: .rateLimited
        case .tokenExpired: .tokenExpired
        case .tokenInvalid: .tokenInvalid
        case .tokenIssuedTooSoon: .tokenIssuedTooSoon
        case .badCredentials: .badCredentials
        case .badRequest: .badRequest
        case .malformedMessage: .malformedResponse
        case .serverError, .unknown, .cipherFailure, .alreadySubscribed, .notSubscribed, .subscriptionLimit,
             .invalidApproval, .sessionInUse:
            (error.httpStatus ?? 500) < 500 ? .badRequest : .serverError
        }
        self.init(kind: kind, code: error.code, httpStatus: error.httpStatus, detail: error.description)
    }

    /// Whether the failure says something about the requested codes (not the call or the session).
    public var blamesRequest: Bool { kind == .badRequest }

    public var description: String {
        "KIS REST \(kind.rawValue)" + (code.map { " \($0)" } ?? "") + (httpStatus.map { " (HTTP \($0))" } ?? "") + ": \(detail)"
    }
}
