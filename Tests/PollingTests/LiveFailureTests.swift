import Foundation
import Testing
import IPC
import System
import KIS
@testable import Polling

/// The poller's side of the live-path audit (issue 13): failures visible once per change, a
/// token backoff that a shutdown does not wait out, and limits KIS never granted refused.
@Suite struct PollerHealthTests {
    @Test func oneFailedCall_isABlip_butThreeInARowDegrade_once() {
        var health = PollerHealth()
        health.recordFailure("network: refused")
        #expect(health.evaluate(tokenFailure: nil) == nil)
        health.recordFailure("network: refused")
        health.recordFailure("network: certificate verify failed")
        guard case .degraded(let cause, let reason)? = health.evaluate(tokenFailure: nil) else {
            Issue.record("not degraded: \(health.state)"); return
        }
        #expect(cause == "calls" && reason.contains("certificate verify failed"))
        health.recordFailure("network: again")
        #expect(health.evaluate(tokenFailure: nil) == nil, "logged once per change, not per retry")
        #expect(health.state.isDegraded)
        health.recordSuccess()
        #expect(health.evaluate(tokenFailure: nil) == .healthy)
        #expect(health.evaluate(tokenFailure: nil) == nil)
    }

    @Test func aFailingToken_degradesAtOnce_andRecovers() {
        var health = PollerHealth()
        #expect(health.evaluate(tokenFailure: "TLS: certificate verify failed")?.isDegraded == true)
        #expect(health.evaluate(tokenFailure: "TLS: certificate verify failed") == nil)
        #expect(health.evaluate(tokenFailure: nil) == .healthy)
    }
}

@Suite struct TokenShutdownTests {
    struct Refused: Error {}

    /// The poller used to take ~54 s to exit on TERM after a failed token request: the issuance's
    /// 60 s retry sleep ran in a task nobody cancelled.
    @Test func cancellingTheCaller_cancelsTheIssuanceWaitingOutItsMinute() async throws {
        let clock = MarketClock.manual(at: 1_764_000_000)
        let calls = Box(0)
        let tokens = TokenManager(fingerprint: "f", cache: nil, clock: clock,
                                  sleep: { seconds in try await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) },
                                  issuer: { calls.mutate { $0 += 1 }; throw Refused() })
        await #expect(throws: Refused.self) { _ = try await tokens.token() }
        #expect(await tokens.state().failure != nil, "the failure is kept for status")
        // The second request must wait out KIS's one-token-a-minute rule.
        let waiting = Task { try await tokens.token() }
        try await Task.sleep(nanoseconds: 100_000_000)
        let cancelled = Date()
        waiting.cancel()
        _ = await waiting.result
        #expect(Date().timeIntervalSince(cancelled) < 5, "cancellation reached the 60 s backoff")
        #expect(calls.get == 1)
    }

    @Test func aSharedIssuance_survivesOneWaiterGoingAway() async throws {
        let clock = MarketClock.manual(at: 1_764_000_000)
        let gate = Box(false)
        let tokens = TokenManager(fingerprint: "f", cache: nil, clock: clock, issuer: {
            while !gate.get { try await Task.sleep(nanoseconds: 5_000_000) }
            return TokenResponse(accessToken: "tok", accessTokenExpiry: "2026-11-26 09:00:00")
        })
        let first = Task { try await tokens.token() }
        let second = Task { try await tokens.token() }
        try await Task.sleep(nanoseconds: 50_000_000)
        first.cancel()
        try await Task.sleep(nanoseconds: 50_000_000)
        gate.mutate { $0 = true }
        #expect(try await second.value == "tok")
    }
}

@Suite struct PollerConfigurationBoundsTests {
    @Test func aLimitAboveKISsDocumentedOne_needsAnExplicitOverride() throws {
        var configuration = PollerConfiguration()
        configuration.realLimitPerSecond = 500
        #expect(throws: KISSettingsError.self) { try configuration.validate() }
        configuration.allowsLimitAboveDocumented = true
        try configuration.validate()
        configuration = PollerConfiguration()
        configuration.virtualLimitPerSecond = 5
        #expect(throws: KISSettingsError.self) { try configuration.validate() }
        try PollerConfiguration().validate()
    }
}

/// A thread-safe box for the closures above.
final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    var get: Value { lock.withLock { value } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&value) } }
}
