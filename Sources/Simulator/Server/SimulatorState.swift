import Foundation
import KIS

/// The gateway-side state of a simulator behind one lock: credentials, tokens, approval keys, the
/// per-app-key rate windows, the statistics, and the fault dice.
final class SimulatorState: @unchecked Sendable {
    /// How a quote call fared against the limit.
    enum Admission: Sendable { case admitted, overLimit, spurious }

    private let lock = NSLock()
    let credentials: CredentialBook
    private var tokens: TokenBook
    private var approvalKeys: [String: String] = [:]
    private var windows: [String: RateWindow] = [:]
    private var statistics: [String: AppKeyStatistics] = [:]
    private var dice: SeededGenerator
    private let limit: Int
    private let spuriousRate: Double

    init(options: SimulatorOptions, credentials: CredentialBook, expireIssuedBefore: Double?) {
        self.credentials = credentials
        tokens = TokenBook(lifetime: options.tokenLifetimeSeconds)
        tokens.expireIssuedBefore = expireIssuedBefore
        limit = options.restLimitPerSecond
        spuriousRate = options.faults.spuriousRateLimitRate
        dice = SeededGenerator(seed: options.seed, stream: 0x4641_554C_54)  // "FAULT"
    }

    /// Updates one app key's counters.
    func count(_ appKey: String, _ update: (inout AppKeyStatistics) -> Void) {
        lock.withLock { update(&statistics[appKey, default: AppKeyStatistics()]) }
    }

    /// A snapshot of the counters.
    var snapshot: SimulatorStatistics { lock.withLock { SimulatorStatistics(appKeys: statistics) } }

    /// Counts a quote call and checks it against the app key's window at market time `now`.
    func admit(appKey: String, now: Double) -> Admission {
        lock.withLock {
            statistics[appKey, default: AppKeyStatistics()].restCalls += 1
            guard windows[appKey, default: RateWindow(limit: limit)].admit(now: now) else {
                statistics[appKey, default: AppKeyStatistics()].limitViolations += 1
                return .overLimit
            }
            if spuriousRate > 0, dice.nextUnit() < spuriousRate {
                statistics[appKey, default: AppKeyStatistics()].spuriousRateLimits += 1
                return .spurious
            }
            return .admitted
        }
    }

    /// True with probability `p` (deterministic sequence from the seed).
    func roll(_ p: Double) -> Bool { p > 0 && lock.withLock { dice.nextUnit() < p } }

    /// tokenP for an accepted app key.
    func requestToken(appKey: String, now: Double, makeValue: (Double, Double) -> String) -> TokenBook.IssueResult {
        lock.withLock {
            let result = tokens.request(appKey: appKey, now: now, makeValue: makeValue)
            switch result {
            case .issued: statistics[appKey, default: AppKeyStatistics()].tokensIssued += 1
            case .tooSoon: statistics[appKey, default: AppKeyStatistics()].tokenRefusals += 1
            case .reused: break
            }
            return result
        }
    }

    func validity(of token: String, appKey: String, now: Double) -> TokenBook.Validity {
        lock.withLock { tokens.validity(of: token, appKey: appKey, now: now) }
    }

    func revoke(_ token: String, appKey: String) -> Bool { lock.withLock { tokens.revoke(token, appKey: appKey) } }

    /// Issues a WebSocket approval key for an accepted app key.
    func issueApprovalKey(appKey: String) -> String {
        let key = TokenText.approvalKey()
        lock.withLock {
            approvalKeys[key] = appKey
            statistics[appKey, default: AppKeyStatistics()].approvalKeysIssued += 1
        }
        return key
    }

    /// The app key an approval key belongs to.
    func appKey(forApproval key: String) -> String? { lock.withLock { approvalKeys[key] } }
}
