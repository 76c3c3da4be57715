/// What a caller should do about a KIS error, independent of the exact code.
public enum KISErrorClass: String, Sendable, Equatable, Codable, CaseIterable {
    /// `EGW00201`: over the per-second REST limit; retry (KIS advises at once, pykis after 0.1 s).
    case rateLimited
    /// `EGW00123`: the access token expired; drop it and issue a new one.
    case tokenExpired
    /// `EGW00121`/`EGW00122`: the token is unknown or invalid; issue a new one.
    case tokenInvalid
    /// `EGW00133`: tokenP called again within a minute (HTTP 403); wait ≥ 60 s.
    case tokenIssuedTooSoon
    /// `EGW00103`/`EGW00105`/`EGW00304`…: wrong appkey or appsecret; do not retry.
    case badCredentials
    /// A request the server refused as invalid (missing header, bad tr_id, bad JSON…); do not retry.
    case badRequest
    /// A temporary or internal server failure; retry with backoff.
    case serverError
    /// `OPSP0002`: the `(tr_id, tr_key)` pair is already registered; treat as subscribed.
    case alreadySubscribed
    /// `OPSP0003`: unsubscribing something not registered; treat as unsubscribed.
    case notSubscribed
    /// `OPSP0008`: over the 41 registrations per session.
    case subscriptionLimit
    /// `OPSP0011`: the WebSocket approval key is invalid or expired; get a new one.
    case invalidApproval
    /// `OPSP8996`: another session holds this appkey; back off tens of seconds before reconnecting.
    case sessionInUse
    /// A message we could not decode (local).
    case malformedMessage
    /// AES decryption or encryption failed (local).
    case cipherFailure
    /// A code not in the catalogue.
    case unknown
}

/// One entry of the KIS error-code catalogue (protocol.md §4.3, §6.3).
public struct KISErrorCode: Sendable, Equatable {
    /// The wire code, e.g. `EGW00201`.
    public let code: String
    /// The message KIS sends with it (`msg1` / `error_description`).
    public let message: String
    /// What it means for the caller.
    public let classification: KISErrorClass
    /// The HTTP status KIS is measured (or believed) to send it with; a simulator's default.
    public let httpStatus: Int
}

/// The one mapping from KIS codes (and HTTP status) to ``KISErrorClass``, plus the messages and
/// statuses a simulator should send.
public enum KISErrorCatalog {
    /// Known codes. HTTP statuses: 500 for `rt_cd` gateway errors (measured, §3.5; some clients
    /// assume 200), 403 for tokenP/Approval errors (§2.1), 200 for WebSocket control codes.
    public static let entries: [KISErrorCode] = [
        .init(code: "EGW00201", message: "초당 거래건수를 초과하였습니다.", classification: .rateLimited, httpStatus: 500),
        .init(code: "EGW00123", message: "기간이 만료된 token 입니다.", classification: .tokenExpired, httpStatus: 500),
        .init(code: "EGW00121", message: "유효하지 않은 token 입니다.", classification: .tokenInvalid, httpStatus: 500),
        .init(code: "EGW00122", message: "token을 찾을 수 없습니다.", classification: .tokenInvalid, httpStatus: 500),
        .init(code: "EGW00133", message: "접근토큰 발급 잠시 후 다시 시도하세요(1분당 1회)", classification: .tokenIssuedTooSoon, httpStatus: 403),
        .init(code: "EGW00103", message: "유효하지 않은 AppKey입니다.", classification: .badCredentials, httpStatus: 403),
        .init(code: "EGW00105", message: "유효하지 않은 AppSecret입니다.", classification: .badCredentials, httpStatus: 403),
        .init(code: "EGW00102", message: "AppKey는 필수입니다.", classification: .badCredentials, httpStatus: 403),
        .init(code: "EGW00104", message: "AppSecret은 필수입니다.", classification: .badCredentials, httpStatus: 403),
        .init(code: "EGW00304", message: "고객식별키(법인 personalSeckey, 개인 appSecret)가 유효하지 않습니다.", classification: .badCredentials, httpStatus: 500),
        .init(code: "EGW02004", message: "실전투자 TR 이 아닙니다.", classification: .badCredentials, httpStatus: 500),
        .init(code: "EGW00115", message: "권한부여 타입(grant_type)은 필수입니다.", classification: .badRequest, httpStatus: 403),
        .init(code: "EGW00101", message: "유효하지 않은 요청입니다.", classification: .badRequest, httpStatus: 500),
        .init(code: "EGW00205", message: "credentials_type이 유효하지 않습니다.(Bearer)", classification: .badRequest, httpStatus: 500),
        .init(code: "EGW00206", message: "API 사용 권한이 없습니다.", classification: .badRequest, httpStatus: 500),
        .init(code: "EGW00208", message: "고객유형(custtype)이 유효하지 않습니다.", classification: .badRequest, httpStatus: 500),
        .init(code: "EGW00213", message: "모의투자 tr이 아닙니다.", classification: .badRequest, httpStatus: 500),
        .init(code: "EGW00001", message: "일시적 오류가 발생했습니다.", classification: .serverError, httpStatus: 500),
        .init(code: "EGW00002", message: "서버 에러가 발생했습니다.", classification: .serverError, httpStatus: 500),
        .init(code: "EGW00202", message: "GW라우팅 중 오류가 발생했습니다.", classification: .serverError, httpStatus: 500),
        .init(code: "EGW00203", message: "OPS라우팅 중 오류가 발생했습니다.", classification: .serverError, httpStatus: 500),
        .init(code: "OPSP0002", message: "ALREADY IN SUBSCRIBE", classification: .alreadySubscribed, httpStatus: 200),
        .init(code: "OPSP0003", message: "UNSUBSCRIBE ERROR(not found!)", classification: .notSubscribed, httpStatus: 200),
        .init(code: "OPSP0007", message: "SUBSCRIBE INTERNAL ERROR", classification: .serverError, httpStatus: 200),
        .init(code: "OPSP0008", message: "MAX SUBSCRIBE OVER", classification: .subscriptionLimit, httpStatus: 200),
        .init(code: "OPSP0009", message: "SUBSCRIBE ERROR : mci send failed", classification: .serverError, httpStatus: 200),
        .init(code: "OPSP0011", message: "invalid approval(appkey) : NOT FOUND", classification: .invalidApproval, httpStatus: 200),
        .init(code: "OPSP8991", message: "SUBSCRIBE ERROR : invalid tr_id", classification: .badRequest, httpStatus: 200),
        .init(code: "OPSP8992", message: "SUBSCRIBE ERROR : invalid tr_key", classification: .badRequest, httpStatus: 200),
        .init(code: "OPSP8996", message: "ALREADY IN USE appkey", classification: .sessionInUse, httpStatus: 200),
    ]

    private static let byCode: [String: KISErrorCode] = Dictionary(
        entries.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })

    /// The catalogue entry for a code, if known.
    public static func entry(for code: String) -> KISErrorCode? { byCode[code] }

    /// Classifies a KIS error code, using the HTTP status only for codes the catalogue lacks.
    ///
    /// Success codes (`MCA00000`, `OPSP0000`, `OPSP0001`) are not errors and classify as `.unknown`;
    /// check `rt_cd == "0"` first.
    public static func classify(code: String, httpStatus: Int? = nil) -> KISErrorClass {
        if let entry = byCode[code] { return entry.classification }
        // Unknown codes: fall back on families, then on the status.
        if code.hasPrefix("OPSQ") || code.hasPrefix("OPSP9") || code.hasPrefix("OPSP899") { return .badRequest }
        switch httpStatus {
        case 429?: return .rateLimited
        case 401?: return .tokenInvalid
        case let status? where (400..<500).contains(status): return .badRequest
        case let status? where status >= 500: return .serverError
        default: return .unknown
        }
    }

    /// Whether retrying the same request later can succeed.
    public static func isRetryable(_ classification: KISErrorClass) -> Bool {
        switch classification {
        case .rateLimited, .serverError, .tokenExpired, .tokenInvalid, .tokenIssuedTooSoon, .sessionInUse: return true
        default: return false
        }
    }
}
