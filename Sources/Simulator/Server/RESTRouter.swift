import Foundation
import IPC
import KIS
import Net

/// kis-sim's REST side (protocol.md §2–§5): OAuth endpoints, the quote endpoints with KIS's
/// headers, limits and error codes, and the master files under `/kis41/master/`.
struct RESTRouter: Sendable {
    let options: SimulatorOptions
    let state: SimulatorState
    let market: MarketHost
    let clock: MarketClock
    let masters: MasterFiles
    let tradingDate: TradingDate
    /// Set in replay: quote calls are answered from the recording instead of the model.
    var replay: ReplayFeed? = nil

    /// search-info (CTPF1604R), which python-kis calls; not in `KISEndpoint.all`.
    static let searchInfoPath = "/uapi/domestic-stock/v1/quotations/search-info"
    static let searchInfoTrID = "CTPF1604R"
    /// 변동성완화장치(VI) 현황, real only (protocol.md §5.7 names it; layout in `MechanicsRecords`).
    static let viStatusPath = "/uapi/domestic-stock/v1/quotations/inquire-vi-status"
    static let viStatusTrID = "FHPST01390000"

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        if options.faults.restLatencySeconds > 0 {
            try? await Task.sleep(nanoseconds: UInt64(options.faults.restLatencySeconds * 1e9))
        }
        let path = request.path
        switch (request.method, path) {
        case ("POST", KISEndpoint.tokenP.path): return issueToken(request)
        case ("POST", KISEndpoint.approval.path): return issueApproval(request)
        case ("POST", KISEndpoint.revokeP.path): return revokeToken(request)
        case ("GET", _) where path.hasPrefix(MasterFiles.pathPrefix):
            guard let bytes = masters.files[String(path.dropFirst(MasterFiles.pathPrefix.count))] else { return notFound() }
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: bytes)
        case ("GET", _) where path.hasPrefix("/uapi/"): return quote(request)
        default: return notFound()
        }
    }

    // MARK: OAuth

    private func issueToken(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = try? JSONDecoder().decode(TokenRequest.self, from: Data(request.body)) else {
            return oauthError("EGW00115")
        }
        guard body.grantType == "client_credentials" else { return oauthError("EGW00115") }
        if let refusal = state.credentials.check(appKey: body.appKey, secret: body.appSecret) { return oauthError(refusal.code) }
        let now = clock.now()
        let wallNow = Date().timeIntervalSince1970
        let result = state.requestToken(appKey: body.appKey, now: now) { issued, expires in
            TokenText.accessToken(appKey: body.appKey, issuedAtWall: wallNow, expiresAtWall: wallNow + (expires - issued) / clock.speed)
        }
        let token: TokenBook.Token
        switch result {
        case .tooSoon: return oauthError("EGW00133")
        case .issued(let issued), .reused(let issued): token = issued
        }
        // Lifetimes run on the market clock (`expires_in`, market seconds); the expiry stamp is the
        // wall-clock KST moment they end, since clients such as python-kis compare it with their wall clock.
        let remaining = max(0, token.expiresAt - now)
        let response = TokenResponse(accessToken: token.value,
                                     accessTokenExpiry: Self.kstStamp(wallNow + remaining / clock.speed),
                                     expiresIn: Int(remaining.rounded()))
        return json(200, response)
    }

    private func issueApproval(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = try? JSONDecoder().decode(ApprovalRequest.self, from: Data(request.body)),
              body.grantType == "client_credentials" else { return oauthError("EGW00115") }
        if let refusal = state.credentials.check(appKey: body.appKey, secret: body.secretKey) { return oauthError(refusal.code) }
        return json(200, ApprovalResponse(approvalKey: state.issueApprovalKey(appKey: body.appKey)))
    }

    private func revokeToken(_ request: HTTPRequest) -> HTTPResponse {
        guard let body = try? JSONDecoder().decode(RevokeRequest.self, from: Data(request.body)) else {
            return oauthError("EGW00121")
        }
        if let refusal = state.credentials.check(appKey: body.appKey, secret: body.appSecret) { return oauthError(refusal.code) }
        guard state.revoke(body.token, appKey: body.appKey) else { return oauthError("EGW00121") }
        return json(200, RevokeResponse())
    }

    // MARK: Quotes

    private func quote(_ request: HTTPRequest) -> HTTPResponse {
        let headers = request.headers
        guard let appKey = headers["appkey"], !appKey.isEmpty else { return failure("EGW00102", trID: headers["tr_id"]) }
        let now = clock.now()
        switch state.admit(appKey: appKey, now: now) {
        case .overLimit, .spurious: return failure("EGW00201", trID: headers["tr_id"], status: options.rateLimitHTTPStatus)
        case .admitted: break
        }
        guard let authorization = headers["authorization"], authorization.lowercased().hasPrefix("bearer ") else {
            return failure("EGW00205", trID: headers["tr_id"])
        }
        switch state.validity(of: String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces), appKey: appKey, now: now) {
        case .invalid: return failure("EGW00121", trID: headers["tr_id"])
        case .expired: return failure("EGW00123", trID: headers["tr_id"])
        case .valid: break
        }
        guard let secret = headers["appsecret"], !secret.isEmpty else { return failure("EGW00104", trID: headers["tr_id"]) }
        if let refusal = state.credentials.check(appKey: appKey, secret: secret) { return failure(refusal.code, trID: headers["tr_id"]) }
        guard let trID = headers["tr_id"], !trID.isEmpty else {
            return failure("OPSQ9999", trID: nil, message: "JSON PARSING ERROR : tr_id not found")
        }
        let isVirtual = options.environment == .virtual
        let path = request.path
        let expected = path == Self.searchInfoPath ? (isVirtual ? nil : Self.searchInfoTrID)
            : path == Self.viStatusPath ? (isVirtual ? nil : Self.viStatusTrID)
            : KISEndpoint.matching(path: path)?.trID(isVirtual: isVirtual)
        guard let expected, expected == trID else {
            return failure("OPSQ0002", trID: trID, message: "없는 서비스 코드 입니다.")
        }
        if state.roll(options.faults.restErrorRate) { return failure("EGW00001", trID: trID) }
        let query = QueryLookup(request)
        // The Date header (RFC 9110 §6.6.1) is the time of the answer: the market clock's, or in a
        // replay the recorded answer's (the data's time, whenever the replay is asked for it).
        if let replay {
            // Before the recording begins (a replay's --lead) the recorded server had said nothing:
            // a temporary error, which a client retries, rather than "no data", which condemns a code.
            guard now >= replay.firstMarketTime else { return failure("EGW00001", trID: trID) }
            let answer = replay.answer(path: path, query: query, at: now)
            return HTTPResponse(status: 200, headers: responseHeaders(trID: trID, date: answer?.time ?? now),
                                body: answer?.body ?? QuoteRoutes.noData())
        }
        let body = market.read { model in QuoteRoutes.body(for: path, query: query, model: model, date: tradingDate) }
        return HTTPResponse(status: 200, headers: responseHeaders(trID: trID, date: now), body: body)
    }

    // MARK: Responses

    /// KIS's quote headers, and `Date` at market time `date` (now, unless a replay answers with a recorded time).
    private func responseHeaders(trID: String?, date: Double? = nil) -> HTTPHeaders {
        var headers: HTTPHeaders = ["Content-Type": "application/json; charset=UTF-8"]
        headers.add(name: "Date", value: HTTPDate.format(date ?? clock.now()))
        if let trID { headers.add(name: "tr_id", value: trID) }
        headers.add(name: "tr_cont", value: "D")
        headers.add(name: "gt_uid", value: TokenText.globalTransactionID())
        return headers
    }

    /// An `rt_cd` error envelope with the catalogue's HTTP status (500 for gateway errors).
    private func failure(_ code: String, trID: String?, status: Int? = nil, message: String? = nil) -> HTTPResponse {
        let body = RESTStatusBody.failure(code: code, message: message)
        let status = status ?? KISErrorCatalog.entry(for: code)?.httpStatus ?? 500
        return HTTPResponse(status: status, headers: responseHeaders(trID: trID), body: QuoteRoutes.encode(body))
    }

    /// The OAuth-style error of tokenP/Approval/revokeP, HTTP 403.
    private func oauthError(_ code: String) -> HTTPResponse {
        json(403, OAuthErrorBody(errorCode: code))
    }

    private func json<T: Encodable>(_ status: Int, _ value: T) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=UTF-8"], body: QuoteRoutes.encode(value))
    }

    private func notFound() -> HTTPResponse {
        HTTPResponse(status: 404, contentType: "text/plain", body: "not found")
    }

    /// `YYYY-MM-DD HH:MM:SS` in KST of a wall-clock time.
    static func kstStamp(_ wall: Double) -> String {
        var seconds = time_t(wall + MarketClock.kstOffset)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }
}

/// Query values by name, matched case-insensitively as KIS's gateway does.
struct QueryLookup: Sendable {
    let values: [String: String]

    init(_ request: HTTPRequest) { self.init(request.queryItems) }

    /// The first value of each name, names upper-cased (KIS matches them case-insensitively).
    init(_ items: [QueryItem]) {
        var values: [String: String] = [:]
        for item in items where values[item.name.uppercased()] == nil { values[item.name.uppercased()] = item.value }
        self.values = values
    }

    subscript(name: String) -> String? { values[name.uppercased()] }
}
