import Foundation
import IPC
import KIS

/// Sleeps for a number of market seconds (injectable so tests can advance a manual clock).
public typealias MarketSleeper = @Sendable (Double) async throws -> Void

/// Tunables of the token life cycle, in market seconds.
public struct TokenConfiguration: Sendable, Equatable {
    /// KIS: one tokenP per minute per app key (EGW00133 otherwise).
    public var minimumIssueIntervalSeconds: Double = 60
    /// Renew this long before expiry (capped at a tenth of the token's lifetime).
    public var renewBeforeExpirySeconds: Double = 600
    /// tokenP attempts refused with EGW00133 before giving up.
    public var maximumTooSoonWaits = 3
    public init() {}
}

/// What the status report shows about the token.
public struct TokenState: Sendable, Equatable {
    /// `"valid"`, `"renewing"`, `"expired"`, `"none"`.
    public var state: String
    /// Market time of expiry, when a token is held.
    public var expiresAt: Double?
    /// tokenP calls made by this process.
    public var issuances: Int
    /// Tokens taken from the disk cache.
    public var cacheHits: Int
    /// Why the last token request failed, until one succeeds.
    public var failure: String? = nil
}

/// The access-token life cycle of one app key: reused from the disk cache across restarts,
/// issued at most once a minute, renewed before expiry, re-issued once when the server calls it
/// expired or invalid, and `EGW00133` waited out. Concurrent callers share one issuance.
public actor TokenManager {
    /// Calls `POST /oauth2/tokenP`.
    public typealias Issuer = @Sendable () async throws -> TokenResponse

    private let fingerprint: String
    private let cache: TokenCache?
    private let issuer: Issuer
    private let clock: MarketClock
    private let sleep: MarketSleeper
    private let configuration: TokenConfiguration
    private var current: CachedToken?
    private var rejected: Set<String> = []
    private var issuing: Task<CachedToken, any Error>?
    /// Callers waiting on `issuing`, and how many of them were cancelled.
    private var waiters = 0
    private var abandoned = 0
    /// Why the last issuance failed (`nil` once one succeeded): the poller's health shows it.
    private var lastFailure: String?
    private var issuances = 0
    private var cacheHits = 0

    public init(fingerprint: String, cache: TokenCache?, clock: MarketClock, configuration: TokenConfiguration = TokenConfiguration(),
                sleep: MarketSleeper? = nil, issuer: @escaping Issuer) {
        self.fingerprint = fingerprint; self.cache = cache; self.issuer = issuer; self.clock = clock
        self.configuration = configuration
        self.sleep = sleep ?? { [clock] seconds in try await clock.sleep(marketSeconds: seconds) }
    }

    /// A valid access token: the one held, the cached one, or a newly issued one.
    public func token() async throws -> String {
        let now = clock.now()
        if current == nil, let cached = cache?.load(fingerprint: fingerprint) {
            current = cached
            if cached.accessToken != nil, cached.expiresAt > now { cacheHits += 1 }
        }
        if let held = current, let token = held.accessToken, held.expiresAt > now {
            let margin = renewalMargin(held)
            let mayIssue = now - held.lastIssuance >= configuration.minimumIssueIntervalSeconds || held.lastIssuance > now
            // Renew early only when KIS would allow it; otherwise the held token is still good.
            if held.expiresAt - now > margin || !mayIssue || issuing != nil { return token }
        }
        return try await issue().accessToken ?? ""
    }

    /// Drops `token` after the server called it expired or invalid (other tokens are kept).
    public func invalidate(_ token: String) {
        rejected.insert(token)
        guard current?.accessToken == token else { return }
        current?.accessToken = nil
        current?.expiresAt = 0
    }

    /// The token's state for status reports.
    public func state() -> TokenState {
        let now = clock.now()
        let name: String
        if issuing != nil { name = "renewing" } else if let held = current, held.accessToken != nil {
            name = held.expiresAt > now ? "valid" : "expired"
        } else { name = "none" }
        return TokenState(state: name, expiresAt: current?.accessToken == nil ? nil : current?.expiresAt,
                          issuances: issuances, cacheHits: cacheHits, failure: lastFailure)
    }

    /// Renew this long before expiry: the configured margin, at most a tenth of the lifetime.
    private func renewalMargin(_ token: CachedToken) -> Double {
        min(configuration.renewBeforeExpirySeconds, max(0, token.expiresAt - token.lastIssuance) / 10)
    }

    /// Joins the issuance in progress or starts one. The issuance is shared, so it is cancelled
    /// only when every caller waiting on it has been cancelled (a shutdown never waits out its
    /// 60 s backoff).
    private func issue() async throws -> CachedToken {
        let task: Task<CachedToken, any Error>
        if let issuing { task = issuing } else {
            task = Task { try await self.performIssue() }
            issuing = task
        }
        waiters += 1
        defer {
            waiters -= 1
            if waiters == 0, issuing == task { issuing = nil; abandoned = 0 }
        }
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            Task { await self.abandon(task) }
        }
    }

    /// A waiter of `task` was cancelled: the last one to go cancels the issuance.
    private func abandon(_ task: Task<CachedToken, any Error>) {
        guard issuing == task else { task.cancel(); return }
        abandoned += 1
        if abandoned >= waiters { task.cancel() }
    }

    private func performIssue() async throws -> CachedToken {
        var tooSoon = 0
        while true {
            // Another process may have issued meanwhile: take its token rather than a second tokenP.
            if let cached = cache?.load(fingerprint: fingerprint), let token = cached.accessToken, !rejected.contains(token),
               cached.expiresAt - clock.now() > renewalMargin(cached) {
                current = cached
                return cached
            }
            let last = max(current?.lastIssuance ?? -.infinity, cache?.load(fingerprint: fingerprint)?.lastIssuance ?? -.infinity)
            let now = clock.now()
            if last <= now, now - last < configuration.minimumIssueIntervalSeconds {
                try await sleep(configuration.minimumIssueIntervalSeconds - (now - last) + 0.5)
                continue
            }
            let started = clock.now()
            var attempt = CachedToken(accessToken: current?.accessToken, expiresAt: current?.expiresAt ?? 0, lastIssuance: started)
            current = attempt
            try? cache?.store(attempt, fingerprint: fingerprint)
            do {
                let response = try await issuer()
                issuances += 1
                attempt.accessToken = response.accessToken
                attempt.expiresAt = started + Double(max(1, response.expiresIn))
                current = attempt
                try? cache?.store(attempt, fingerprint: fingerprint)
                lastFailure = nil
                return attempt
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as KISRESTError where error.kind == .server(.tokenIssuedTooSoon) {
                tooSoon += 1
                guard tooSoon <= configuration.maximumTooSoonWaits else { lastFailure = "\(error)"; throw error }
                try await sleep(configuration.minimumIssueIntervalSeconds + 0.5)
            } catch {
                lastFailure = "\(error)"
                throw error
            }
        }
    }
}
