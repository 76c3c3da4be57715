import Testing
import IPC
@testable import SignalEngine

@Suite struct LimitRuleTests {
    /// Climbs to 12,700, locks at the 13,000 upper limit for ten minutes with bids queued there,
    /// breaks to 12,900, locks again.
    func limitDay() -> [(Double, Quote)] {
        steady(10_000, from: at(10, 0), to: at(10, 5)) + steady(12_700, from: at(10, 5, 5), to: at(10, 8))
            + steady(13_000, from: at(10, 8, 5), to: at(10, 18), sign: 1, bid: 13_000, bidQuantity: 420_000)
            + steady(12_900, from: at(10, 18, 5), to: at(10, 20))
            + steady(13_000, from: at(10, 20, 5), to: at(10, 25), sign: 1, bid: 13_000, bidQuantity: 90_000)
    }

    @Test func lockedLimit_firesLimitLockOnce_notOnEveryTick() {
        var evaluator = SignalEvaluator()
        let out = feed(limitDay(), into: &evaluator).signals
        let locks = out.filter { $0.kind == .limitLock }
        #expect(locks.map(\.time) == ["2026-11-25T10:08:05+09:00", "2026-11-25T10:20:05+09:00"])
        #expect(locks.first?.queue == 420_000 && locks.first?.referencePrice == 13_000 && locks.first?.direction == .up)
        #expect(locks.first?.reason.contains("420,000 shares queued") == true)
    }

    @Test func unlock_firesLimitUnlock_offTheLimit() {
        var evaluator = SignalEvaluator()
        let unlocks = feed(limitDay(), into: &evaluator).signals.filter { $0.kind == .limitUnlock }
        #expect(unlocks.map(\.time) == ["2026-11-25T10:18:05+09:00"])
        #expect(unlocks.first?.direction == .down && unlocks.first?.referencePrice == 13_000 && unlocks.first?.price == 12_900)
        #expect(unlocks.first?.reason.contains("after 10.0 min") == true)
    }

    @Test func atTheLimitWithoutABidThere_isNoLock() {
        // A trade at the limit while the best bid is below it: sellers still there, nothing queued.
        var evaluator = SignalEvaluator()
        let out = feed(steady(13_000, from: at(10, 0), to: at(10, 2), sign: 1, bid: 12_950, bidQuantity: 10), into: &evaluator).signals
        #expect(!out.contains { $0.kind == .limitLock })
    }

    @Test func approach_firesWithinTheConfiguredDistance() {
        var evaluator = SignalEvaluator()
        let approaches = feed(limitDay(), into: &evaluator).signals.filter { $0.kind == .limitApproach }
        // 12,700 is 2.3 % under 13,000 (default 3 %); 12,900 after the unlock, 13 minutes later (past the cooldown).
        #expect(approaches.map(\.time) == ["2026-11-25T10:05:05+09:00", "2026-11-25T10:18:05+09:00"])
        var configuration600 = SignalsConfiguration()
        configuration600.limitApproach.cooldownSeconds = 1200
        var held = SignalEvaluator(configuration: configuration600)
        #expect(feed(limitDay(), into: &held).signals.filter { $0.kind == .limitApproach }.count == 1)
        #expect(approaches.first?.referencePrice == 13_000 && approaches.first?.direction == .up)
        var configuration = SignalsConfiguration()
        configuration.limitApproach.distancePercent = 1
        var near = SignalEvaluator(configuration: configuration)
        let nearOnly = feed(limitDay(), into: &near).signals.filter { $0.kind == .limitApproach }
        #expect(nearOnly.map(\.time) == ["2026-11-25T10:18:05+09:00"])
    }

    @Test func lowerLimit_approachAndLock_pointDown() {
        var evaluator = SignalEvaluator()
        var quotes = steady(7_100, from: at(11, 0), to: at(11, 1))
        quotes += stride(from: at(11, 1, 5), through: at(11, 3), by: 5).map {
            var quote = krxQuote(7_000, sign: 4)
            quote.ask = 7_000; quote.askQuantity = 80_000
            return ($0, quote)
        }
        let out = feed(quotes, into: &evaluator).signals
        #expect(kinds(out.filter { $0.kind != .momentum && $0.kind != .breakout }) == ["limit_approach", "limit_lock"])
        #expect(out.allSatisfy { $0.direction == .down })
        #expect(out.first { $0.kind == .limitLock }?.queue == 80_000)
    }

    @Test func afterMarketSignals_areMarkedWithTheSession() {
        var evaluator = SignalEvaluator()
        let day = feed(steady(12_700, from: at(10, 0), to: at(10, 1)), into: &evaluator).signals
        var after = SignalEvaluator()
        let evening = feed(steady(12_700, from: at(17, 0), to: at(17, 1)), into: &after).signals
        #expect(day.first { $0.kind == .limitApproach }?.session == "regular")
        #expect(evening.first { $0.kind == .limitApproach }?.session == "after")
    }
}
