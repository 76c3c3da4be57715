/// `POST /oauth2/tokenP` request body: `{"grant_type","appkey","appsecret"}`.
public struct TokenRequest: Codable, Sendable, Equatable {
    /// Always `client_credentials`.
    public var grantType: String
    /// The app key (36 chars).
    public var appKey: String
    /// The app secret (180 chars).
    public var appSecret: String

    /// Creates a request.
    public init(appKey: String, appSecret: String, grantType: String = "client_credentials") {
        self.grantType = grantType; self.appKey = appKey; self.appSecret = appSecret
    }

    enum CodingKeys: String, CodingKey { case grantType = "grant_type", appKey = "appkey", appSecret = "appsecret" }
}

/// `POST /oauth2/tokenP` success body. `expires_in` is a JSON number (86400 for retail).
public struct TokenResponse: Codable, Sendable, Equatable {
    /// The JWT to send as `authorization: Bearer …`.
    public var accessToken: String
    /// Expiry, `YYYY-MM-DD HH:MM:SS` KST.
    public var accessTokenExpiry: String
    /// Always `Bearer`.
    public var tokenType: String
    /// Seconds of validity.
    public var expiresIn: Int

    /// Creates a response.
    public init(accessToken: String, accessTokenExpiry: String, tokenType: String = "Bearer", expiresIn: Int = 86_400) {
        self.accessToken = accessToken; self.accessTokenExpiry = accessTokenExpiry
        self.tokenType = tokenType; self.expiresIn = expiresIn
    }

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token", accessTokenExpiry = "access_token_token_expired"
        case tokenType = "token_type", expiresIn = "expires_in"
    }
}

/// `POST /oauth2/Approval` request body. The secret field is named `secretkey` here.
public struct ApprovalRequest: Codable, Sendable, Equatable {
    /// Always `client_credentials`.
    public var grantType: String
    /// The app key.
    public var appKey: String
    /// The app secret (same value as `appsecret`).
    public var secretKey: String

    /// Creates a request.
    public init(appKey: String, secretKey: String, grantType: String = "client_credentials") {
        self.grantType = grantType; self.appKey = appKey; self.secretKey = secretKey
    }

    enum CodingKeys: String, CodingKey { case grantType = "grant_type", appKey = "appkey", secretKey = "secretkey" }
}

/// `POST /oauth2/Approval` success body: `{"approval_key":"…"}` (UUID-like, valid 24 h).
public struct ApprovalResponse: Codable, Sendable, Equatable {
    /// The WebSocket approval key.
    public var approvalKey: String

    /// Creates a response.
    public init(approvalKey: String) { self.approvalKey = approvalKey }

    enum CodingKeys: String, CodingKey { case approvalKey = "approval_key" }
}

/// `POST /oauth2/revokeP` request body: `{"appkey","appsecret","token"}`.
public struct RevokeRequest: Codable, Sendable, Equatable {
    /// The app key.
    public var appKey: String
    /// The app secret.
    public var appSecret: String
    /// The access token to revoke.
    public var token: String

    /// Creates a request.
    public init(appKey: String, appSecret: String, token: String) {
        self.appKey = appKey; self.appSecret = appSecret; self.token = token
    }

    enum CodingKeys: String, CodingKey { case appKey = "appkey", appSecret = "appsecret", token }
}

/// `POST /oauth2/revokeP` body: `{"code":200,"message":"접근토큰 폐기에 성공하였습니다"}` (`code` a number).
public struct RevokeResponse: Codable, Sendable, Equatable {
    /// 200 on success.
    public var code: Int
    /// The message.
    public var message: String

    /// Creates a response.
    public init(code: Int = 200, message: String = "접근토큰 폐기에 성공하였습니다") {
        self.code = code; self.message = message
    }
}
