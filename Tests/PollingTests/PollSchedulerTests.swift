import Testing
import IPC
@testable import Polling

/// 10:00 KST on 2026-11-25 (regular session), as market time.
let tenAM = 1_795_568_400.0 + 3600 - 9 * 3600 + 9 * 3600

func codes(_ range: Range<Int>) -> [String] { range.map { String(format: "%06d", $0) } }

@Suite struct PollSchedulerTests {
    let quiet = PollSchedulerConfiguration(isDiscoveryEnabled: false)

    @Test func next_packsTheEarliestDeadlinesThirtyToACall() {
        var scheduler = PollScheduler(configuration: quiet, now: tenAM)
        scheduler.setUniverse(codes(0..<100), now: tenAM)
        let first = scheduler.next(now: tenAM)
        #expect(first == .quotes(codes(0..<30)))
        let second = scheduler.next(now: tenAM)
        #expect(second == .quotes(codes(30..<60)))
        scheduler.complete(first!, outcome: .received(Set(codes(0..<30))), now: tenAM + 0.1)
        // The refreshed ones go to the back.
        let third = scheduler.next(now: tenAM + 0.2)
        #expect(third == .quotes(codes(60..<90)))
        let fourth = scheduler.next(now: tenAM + 0.3)
        #expect(fourth?.quoteCodes.prefix(10) == codes(90..<100)[...])
    }

    @Test func next_ordersByDeadline_thenPriority() {
        var scheduler = PollScheduler(configuration: PollSchedulerConfiguration(usesMultiPrice: false, isDiscoveryEnabled: false), now: tenAM)
        scheduler.apply(PollPlan(generation: 1, entries: [
            PollPlanEntry(code: "000001", priority: .low, intervalSeconds: 10),
            PollPlanEntry(code: "000002", priority: .critical, intervalSeconds: 1),
            PollPlanEntry(code: "000003", priority: .medium, intervalSeconds: 3),
        ]), now: tenAM)
        // All due now: priority breaks the tie.
        var order: [String] = []
        var now = tenAM
        for _ in 0..<3 {
            let call = scheduler.next(now: now)!
            order.append(call.quoteCodes[0])
            scheduler.complete(call, outcome: .received(Set(call.quoteCodes)), now: now)
        }
        #expect(order == ["000002", "000003", "000001"])
        // Then earliest deadline first: critical (1 s) each second; at +3 s both are due and
        // critical wins the tie; medium, now the most overdue, goes at +4 s.
        order = []
        for _ in 0..<4 {
            now += 1
            let call = scheduler.next(now: now)!
            order.append(call.quoteCodes[0])
            scheduler.complete(call, outcome: .received(Set(call.quoteCodes)), now: now)
        }
        #expect(order == ["000002", "000002", "000002", "000003"])
    }

    @Test func apply_ignoresOlderGenerations_andNewerReplaces() {
        var scheduler = PollScheduler(configuration: quiet, now: tenAM)
        let second = scheduler.apply(PollPlan(generation: 2, entries: [PollPlanEntry(code: "000001", priority: .high, intervalSeconds: 2)]), now: tenAM)
        let first = scheduler.apply(PollPlan(generation: 1, entries: [PollPlanEntry(code: "000009", priority: .high, intervalSeconds: 2)]), now: tenAM)
        #expect(second && !first)
        #expect(scheduler.activeCodes(now: tenAM) == ["000001"])
        let third = scheduler.apply(PollPlan(generation: 3, entries: [PollPlanEntry(code: "000002", priority: .high, intervalSeconds: 2)]), now: tenAM)
        #expect(third)
        #expect(scheduler.activeCodes(now: tenAM) == ["000002"])
    }

    @Test func withoutAPlan_theUniverseIsPolledAtBackground_andAPlanNarrowsIt() {
        var scheduler = PollScheduler(configuration: quiet, now: tenAM)
        scheduler.setUniverse(codes(0..<50), now: tenAM)
        #expect(scheduler.activeCodes(now: tenAM).count == 50)
        #expect(scheduler.ages(now: tenAM).keys.sorted() == [.background])
        scheduler.apply(PollPlan(generation: 1, entries: [PollPlanEntry(code: "000007", priority: .high, intervalSeconds: 2)]), now: tenAM)
        #expect(scheduler.activeCodes(now: tenAM) == ["000007"])
    }

    /// In a call auction the sweep covers every universe code, those the plan leaves out too: a
    /// WebSocket holder's trade feed is silent until the cross, so the expected open, the closing
    /// call's price and a VI released into it reach the engine only by REST. Outside, the plan alone.
    /// Each case: a minute in the auction, the minute before it starts, the minute it ends.
    @Test(arguments: [((8, 40), (8, 29), (9, 0)), ((15, 22), (15, 19), (15, 30))])
    func aCallAuction_sweepsTheWholeUniverse_evenWithAPlan(during: (Int, Int), before: (Int, Int), end: (Int, Int)) {
        func at(_ time: (Int, Int)) -> Double { MarketClock.time(hour: time.0, minute: time.1, sameDayAs: tenAM) }
        let auction = at(during)
        #expect(MarketPhase.at(auction).isAuction)
        var scheduler = PollScheduler(configuration: quiet, now: auction)
        scheduler.setUniverse(codes(0..<50), now: auction)
        scheduler.apply(PollPlan(generation: 1, entries: [PollPlanEntry(code: "000007", priority: .high, intervalSeconds: 2)]), now: auction)
        #expect(scheduler.activeCodes(now: auction).count == 50)
        #expect(scheduler.activeCodes(now: at(before)) == ["000007"])
        #expect(scheduler.activeCodes(now: at(end)) == ["000007"])
        #expect(scheduler.activeCodes(now: tenAM) == ["000007"])
    }

    @Test func aCodeFailingThreeTimes_isExcluded_andReturnsAfterTheCoolOff() {
        var scheduler = PollScheduler(configuration: PollSchedulerConfiguration(usesMultiPrice: true, isDiscoveryEnabled: false, coolOffSeconds: 60, retryDelaySeconds: 0), now: tenAM)
        scheduler.setUniverse(["000001", "000002"], now: tenAM)
        var now = tenAM
        var excluded: [String] = []
        for _ in 0..<3 {
            let call = scheduler.next(now: now)!
            #expect(call.quoteCodes.contains("000001"))
            excluded += scheduler.complete(call, outcome: .received(["000002"]), now: now).excluded
            now += 5
        }
        #expect(excluded == ["000001"])
        #expect(scheduler.excludedCodes().map(\.code) == ["000001"])
        let remaining = scheduler.next(now: now)
        #expect(remaining?.quoteCodes == ["000002"])
        // A whole-call failure (network, rate limit) does not count against codes.
        scheduler.complete(.quotes(["000002"]), outcome: .callFailed, now: now)
        #expect(scheduler.excludedCodes().count == 1)
        now = tenAM + 10 + 60
        let returned = scheduler.next(now: now)
        #expect(returned?.quoteCodes.contains("000001") == true)
        #expect(scheduler.excludedCodes().isEmpty)
    }

    @Test func orderBooks_areFetchedForCodesThatWantThem_andCachedThirtySeconds() {
        var scheduler = PollScheduler(configuration: quiet, now: tenAM)
        scheduler.apply(PollPlan(generation: 1, entries: [
            PollPlanEntry(code: "000001", priority: .critical, intervalSeconds: 1, wantsOrderBook: true),
            PollPlanEntry(code: "000002", priority: .high, intervalSeconds: 2),
        ]), now: tenAM)
        var now = tenAM
        var books: [Double] = []
        while now < tenAM + 65 {
            while let call = scheduler.next(now: now) {
                if case .orderBook = call { books.append(now - tenAM) }
                scheduler.complete(call, outcome: .received(Set(call.quoteCodes + (call == .orderBook("000001") ? ["000001"] : []))), now: now)
                if call.quoteCodes.count > 0 { break }
            }
            now += 0.5
        }
        #expect(books == [0, 30, 60])
    }

    @Test func discovery_rotatesKinds_atItsPeriod() {
        var scheduler = PollScheduler(configuration: PollSchedulerConfiguration(discoveryIntervalSeconds: 3), now: tenAM)
        scheduler.setUniverse(codes(0..<3000), now: tenAM)
        var discovery: [PollCall] = []
        var now = tenAM
        var calls = 0
        while now < tenAM + 30 {
            let call = scheduler.next(now: now)!
            calls += 1
            if call.quoteCodes.isEmpty { discovery.append(call) } else {
                scheduler.complete(call, outcome: .received(Set(call.quoteCodes)), now: now)
            }
            now += 1.0 / 17
        }
        #expect(discovery.count == 10)
        #expect(Array(discovery.prefix(5)) == PollSchedulerConfiguration.standardDiscovery)
        // Discovery takes its share of the same call stream, not extra calls.
        #expect(calls == Int((30 * 17.0).rounded(.up)))
    }

    @Test func fullUniverse_isCoveredEveryFiveSecondsAtSeventeenCallsPerSecond() {
        var scheduler = PollScheduler(configuration: PollSchedulerConfiguration(), now: tenAM)
        scheduler.setUniverse(codes(0..<2600), now: tenAM)
        var now = tenAM
        var worst = 0.0
        while now < tenAM + 60 {
            if let call = scheduler.next(now: now) {
                scheduler.complete(call, outcome: .received(Set(call.quoteCodes)), now: now)
            }
            now += 1.0 / 17
            if now > tenAM + 10 { worst = max(worst, scheduler.ages(now: now)[.background]!.max()!) }
        }
        // 2,600 / 30 = 87 calls + discovery ≈ 5.4 s per sweep.
        #expect(worst < 6)
    }

    /// Spare budget goes to every code in proportion to its rate, not to the shortest intervals:
    /// 50 codes at 5 s and 2,000 at 30 s need 77 quotes/s; 17.5 calls/s carry 525.
    @Test func spareBudget_isSpreadInProportionToEachCodesRate() {
        var scheduler = PollScheduler(configuration: quiet, now: tenAM)
        scheduler.apply(PollPlan(generation: 1, entries:
            codes(0..<50).map { PollPlanEntry(code: $0, priority: .high, intervalSeconds: 5) }
            + codes(50..<2050).map { PollPlanEntry(code: $0, priority: .low, intervalSeconds: 30) }), now: tenAM)
        var now = tenAM
        var worst: [PollPriority: Double] = [:]
        while now < tenAM + 120 {
            if let call = scheduler.next(now: now) {
                scheduler.complete(call, outcome: .received(Set(call.quoteCodes)), now: now)
            }
            now += 1.0 / 17.5
            guard now > tenAM + 30 else { continue }
            for (priority, ages) in scheduler.ages(now: now) { worst[priority] = max(worst[priority] ?? 0, ages.max() ?? 0) }
        }
        // About 525 / 77 = 6.8 times the asked rate: low every ~4.4 s, high every ~0.7 s.
        #expect(worst[.low]! < 6)
        #expect(worst[.high]! < 1.5)
    }
}
