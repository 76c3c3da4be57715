import Foundation

/// Access tokens and approval keys as KIS issues them, a pure state machine over market time
/// (protocol.md §2): one issuance per app key per minute (`EGW00133`), the same token again within
/// 6 h, a configurable lifetime (`EGW00123` after it), revocation, and unknown tokens (`EGW00121`).
struct TokenBook: Sendable {
    /// One issued access token.
    struct Token: Sendable, Equatable {
        var value: String
        var appKey: String
        /// Market time of issuance and expiry (seconds since the epoch).
        var issuedAt: Double
        var expiresAt: Double
    }

    /// What a `tokenP` call gets.
    enum IssueResult: Sendable, Equatable {
        /// A new token.
        case issued(Token)
        /// The current token again (asked within 6 h of its issuance).
        case reused(Token)
        /// Asked again within 60 s: HTTP 403 `EGW00133`.
        case tooSoon
    }

    /// What a quote call's bearer token is.
    enum Validity: Sendable, Equatable {
        case valid(appKey: String)
        /// Unknown, revoked or another app key's: `EGW00121`.
        case invalid
        /// Past its lifetime: `EGW00123`.
        case expired
    }

    /// KIS: 1 issuance per minute per app key; the same token is returned within 6 h.
    static let reissueInterval: Double = 60
    static let reusePeriod: Double = 6 * 3600

    let lifetime: Double
    /// Tokens issued before this market time count as expired (the `expireTokensAt` fault).
    var expireIssuedBefore: Double?
    private var tokens: [String: Token] = [:]
    private var currentByAppKey: [String: String] = [:]
    private var lastAnsweredAt: [String: Double] = [:]

    init(lifetime: Double) { self.lifetime = lifetime }

    /// Handles `tokenP` for an accepted app key at market time `now`.
    mutating func request(appKey: String, now: Double, makeValue: (_ issuedAt: Double, _ expiresAt: Double) -> String) -> IssueResult {
        if let last = lastAnsweredAt[appKey], now - last < Self.reissueInterval { return .tooSoon }
        lastAnsweredAt[appKey] = now
        if let value = currentByAppKey[appKey], let token = tokens[value],
           now - token.issuedAt < Self.reusePeriod, validity(of: value, appKey: appKey, now: now) == .valid(appKey: appKey) {
            return .reused(token)
        }
        let token = Token(value: makeValue(now, now + lifetime), appKey: appKey, issuedAt: now, expiresAt: now + lifetime)
        tokens[token.value] = token
        currentByAppKey[appKey] = token.value
        return .issued(token)
    }

    /// Whether `value` is a live token of `appKey` (any app key when `appKey` is nil).
    func validity(of value: String, appKey: String?, now: Double) -> Validity {
        guard let token = tokens[value], appKey == nil || token.appKey == appKey else { return .invalid }
        if now >= token.expiresAt { return .expired }
        if let cutoff = expireIssuedBefore, now >= cutoff, token.issuedAt < cutoff { return .expired }
        return .valid(appKey: token.appKey)
    }

    /// Revokes a token of `appKey`; false if it is not one.
    mutating func revoke(_ value: String, appKey: String) -> Bool {
        guard let token = tokens[value], token.appKey == appKey else { return false }
        tokens[value] = nil
        if currentByAppKey[appKey] == value { currentByAppKey[appKey] = nil }
        return true
    }
}

/// Token and key text in KIS's shapes: a 350-ish-character HS512 JWT whose `jti` is the app key,
/// and UUID-like approval keys.
enum TokenText {
    /// A JWT-shaped access token (the signature is random: nobody verifies it but the simulator).
    static func accessToken(appKey: String, issuedAtWall: Double, expiresAtWall: Double) -> String {
        let header = base64URL(Array(#"{"typ":"JWT","alg":"HS512"}"#.utf8))
        let claims = "{\"sub\":\"token\",\"aud\":\"\(UUID().uuidString.lowercased())\",\"iss\":\"unogw\","
            + "\"exp\":\(Int(expiresAtWall)),\"iat\":\(Int(issuedAtWall)),\"jti\":\"\(appKey)\"}"
        var generator = SystemRandomNumberGenerator()
        let signature = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return header + "." + base64URL(Array(claims.utf8)) + "." + base64URL(signature)
    }

    /// A UUID-like approval key (36 characters).
    static func approvalKey() -> String { UUID().uuidString.lowercased() }

    /// A random `gt_uid` response header (32 hex characters).
    static func globalTransactionID() -> String { UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased() }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
