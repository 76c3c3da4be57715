/// What kis-sim did for one app key: benchmarks read `limitViolations` to prove a client never
/// exceeded the REST limit.
public struct AppKeyStatistics: Sendable, Equatable, Codable {
    /// Quote calls received (admitted or not).
    public var restCalls = 0
    /// Calls over the per-second limit, answered `EGW00201`.
    public var limitViolations = 0
    /// Calls under the limit answered `EGW00201` by the `spuriousRateLimitRate` fault.
    public var spuriousRateLimits = 0
    /// Access tokens issued (a token returned again within 6 h is not a new issuance).
    public var tokensIssued = 0
    /// `tokenP` calls refused with `EGW00133` (again within 60 s).
    public var tokenRefusals = 0
    /// WebSocket approval keys issued.
    public var approvalKeysIssued = 0
    /// WebSocket sessions bound to this app key.
    public var webSocketSessions = 0
    /// Session attempts refused with `OPSP8996`.
    public var sessionRefusals = 0
    /// Registrations accepted (`OPSP0000`).
    public var registrations = 0
    /// Registrations refused with `OPSP0008` (over 41).
    public var registrationRefusals = 0
    /// Data frames and the records in them sent to this app key's sessions.
    public var framesSent = 0
    public var recordsSent = 0
    /// Data frames dropped because the session's send queue was full.
    public var framesDropped = 0
    public init() {}
}

/// A snapshot of everything the simulator counted, per app key.
public struct SimulatorStatistics: Sendable, Equatable {
    public var appKeys: [String: AppKeyStatistics]
    public init(appKeys: [String: AppKeyStatistics] = [:]) { self.appKeys = appKeys }

    /// The counters of one app key (zero if it never called).
    public subscript(appKey: String) -> AppKeyStatistics { appKeys[appKey] ?? AppKeyStatistics() }

    /// Sum over all app keys.
    public var total: AppKeyStatistics {
        appKeys.values.reduce(into: AppKeyStatistics()) { sum, s in
            sum.restCalls += s.restCalls; sum.limitViolations += s.limitViolations
            sum.spuriousRateLimits += s.spuriousRateLimits; sum.tokensIssued += s.tokensIssued
            sum.tokenRefusals += s.tokenRefusals; sum.approvalKeysIssued += s.approvalKeysIssued
            sum.webSocketSessions += s.webSocketSessions; sum.sessionRefusals += s.sessionRefusals
            sum.registrations += s.registrations; sum.registrationRefusals += s.registrationRefusals
            sum.framesSent += s.framesSent; sum.recordsSent += s.recordsSent; sum.framesDropped += s.framesDropped
        }
    }
}
