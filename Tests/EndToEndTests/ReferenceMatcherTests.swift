import Testing
import IPC
import Reports

/// `ReferenceMatcher` on synthetic tapes: exact policy, lagging policy, empty policy, one-to-one
/// matching, the window, the session's denominator, slot hits and sources.
struct ReferenceMatcherTests {
    let nine = 9.0 * 3600
    let session = EventMatcher.Session(start: 9.0 * 3600, end: 11.0 * 3600)

    func signal(_ code: String, _ kind: String, at second: Double, source: String? = nil) -> EventMatcher.Observation {
        EventMatcher.Observation(code: code, kind: kind, secondOfDay: second, source: source)
    }

    /// A reference of 60 signals over four stocks and three kinds, one a minute from 09:01.
    var reference: [EventMatcher.Observation] {
        let codes = ["005930", "000660", "035420", "068270"], kinds = ["momentum", "volume_surge", "book_imbalance"]
        return (0..<60).map { i in signal(codes[i % 4], kinds[i % 3], at: nine + 60 + Double(i) * 60) }
    }

    func lagged(_ signals: [EventMatcher.Observation], by seconds: Double, source: String = "rest") -> [EventMatcher.Observation] {
        signals.map { signal($0.code, $0.kind, at: $0.secondOfDay + seconds, source: source) }
    }

    @Test func exactPolicy_reproducesEverything_withZeroDelay() {
        let result = ReferenceMatcher().match(reference: reference, policy: reference, session: session)
        #expect(result.referenceSignals == 60)
        #expect(result.reproduction == 1)
        #expect(result.delayPercentile(50) == 0)
        #expect(result.delayPercentile(99) == 0)
        #expect(result.extra == 0)
    }

    @Test func policyLaggingThreeSeconds_readsP50OfThreeSeconds() {
        let result = ReferenceMatcher().match(reference: reference, policy: lagged(reference, by: 3), session: session)
        #expect(result.reproduction == 1)
        #expect(result.delayPercentile(50) == 3)
        #expect(result.delayPercentile(95) == 3)
        #expect(result.delaysBySource["rest"]?.count == 60)
        #expect(result.delaysBySource["ws"] == nil)
    }

    @Test func emptyPolicy_readsZero() {
        let result = ReferenceMatcher().match(reference: reference, policy: [], session: session)
        #expect(result.referenceSignals == 60)
        #expect(result.reproduced == 0)
        #expect(result.reproduction == 0)
        #expect(result.delayPercentile(50) == nil)
        #expect(result.extra == 0)
        #expect(result.slotHitRate == 0)
    }

    @Test func noReference_readsZeroReproduction_andEveryPolicySignalIsExtra() {
        let result = ReferenceMatcher().match(reference: [], policy: reference, session: session)
        #expect(result.reproduction == 0)
        #expect(result.extra == 60)
    }

    @Test func matching_isOneToOne() {
        // Two reference signals 10 s apart, three policy signals: each reference takes one, the third is extra.
        let twice = [signal("005930", "momentum", at: nine + 600), signal("005930", "momentum", at: nine + 610)]
        let policy = [signal("005930", "momentum", at: nine + 601), signal("005930", "momentum", at: nine + 608),
                      signal("005930", "momentum", at: nine + 609)]
        let result = ReferenceMatcher().match(reference: twice, policy: policy, session: session)
        #expect(result.reproduced == 2)
        #expect(result.matches.map(\.delay) == [1, -2])
        #expect(result.extra == 1)
        #expect(result.extraSignals.map(\.secondOfDay) == [nine + 609])
        // One policy signal for two reference signals: the earlier reference takes it.
        let single = ReferenceMatcher().match(reference: twice, policy: [policy[0]], session: session)
        #expect(single.reproduced == 1)
        #expect(single.matches.map(\.isReproduced) == [true, false])
    }

    @Test func matching_needsTheSameStockAndKind() {
        let one = [signal("005930", "momentum", at: nine + 600)]
        let result = ReferenceMatcher().match(reference: one, policy: [signal("000660", "momentum", at: nine + 600),
                                                                        signal("005930", "breakout", at: nine + 600)], session: session)
        #expect(result.reproduced == 0)
        #expect(result.extra == 2)
    }

    @Test(arguments: [(-6.0, false), (-5.0, true), (0.0, true), (120.0, true), (121.0, false)])
    func window_runsFromFiveSecondsBefore_toOneHundredTwentyAfter(offset: Double, matches: Bool) {
        let one = [signal("005930", "gap", at: nine + 600)]
        let result = ReferenceMatcher().match(reference: one, policy: [signal("005930", "gap", at: nine + 600 + offset)], session: session)
        #expect(result.reproduced == (matches ? 1 : 0))
        #expect(result.extra == (matches ? 0 : 1))
    }

    @Test func earliestFirst_aTooEarlyPolicySignalIsExtra_andTheNextOneMatches() {
        let one = [signal("005930", "momentum", at: nine + 600)]
        let policy = [signal("005930", "momentum", at: nine + 500), signal("005930", "momentum", at: nine + 640),
                      signal("005930", "momentum", at: nine + 650)]
        let result = ReferenceMatcher().match(reference: one, policy: policy, session: session)
        #expect(result.matches.map(\.delay) == [40])
        #expect(result.extraSignals.map(\.secondOfDay) == [nine + 500, nine + 650])
    }

    @Test func session_countsFromReadiness_toSettleBeforeTheEnd_butUncountedOnesAreNotExtra() {
        let session = EventMatcher.Session(start: nine, end: nine + 3600, ready: nine + 60, settle: 120)
        let reference = [signal("A", "gap", at: nine + 10), signal("A", "momentum", at: nine + 600),
                         signal("A", "breakout", at: nine + 3550)]
        let policy = [signal("A", "gap", at: nine + 70), signal("A", "momentum", at: nine + 601),
                      signal("A", "breakout", at: nine + 3560), signal("A", "breakout", at: nine + 3700)]
        let result = ReferenceMatcher().match(reference: reference, policy: policy, session: session)
        #expect(result.referenceSignals == 1)
        #expect(result.reproduction == 1)
        #expect(result.extra == 0)
        #expect(result.policySignals == 3)
    }

    @Test func slotHitRate_isTheShareOfReferenceSignalsWhoseStockHeldATradeSlot() {
        let slots = SlotTimeline(changes: [(nine, ["005930"]), (nine + 1800, ["000660"])])
        let reference = [signal("005930", "momentum", at: nine + 100), signal("005930", "momentum", at: nine + 1900),
                         signal("000660", "momentum", at: nine + 1900), signal("035420", "momentum", at: nine + 100)]
        let result = ReferenceMatcher().match(reference: reference, policy: [], session: session, slots: slots)
        #expect(result.slotHitRate == 0.5)
        #expect(result.matches.map(\.heldSlot) == [true, false, true, false])  // in time order, then by code
    }

    @Test func slotTimeline_readsAllocationRecords_tradeTiersOnly() {
        var allocation = TimelineRecord(type: "allocation", t: 1_795_000_000)
        allocation.holders = [.init(code: "005930", tier: 1), .init(code: "000660", tier: 2), .init(code: "0001", tier: 0)]
        let second = MarketClock.secondsOfDay(allocation.t)
        let slots = SlotTimeline(allocations: [TimelineRecord(type: "sample", t: 1_794_999_000), allocation])
        #expect(slots.holds("005930", at: second))
        #expect(slots.holds("000660", at: second + 10))
        #expect(!slots.holds("0001", at: second))
        #expect(!slots.holds("005930", at: second - 1))
    }

    @Test func sourcesAndKinds_splitTheScore() {
        let reference = [signal("A", "momentum", at: nine + 100), signal("B", "momentum", at: nine + 200),
                         signal("C", "book_imbalance", at: nine + 300)]
        let policy = [signal("A", "momentum", at: nine + 101, source: "ws"), signal("B", "momentum", at: nine + 230, source: "rest")]
        let result = ReferenceMatcher().match(reference: reference, policy: policy, session: session)
        #expect(result.delaysBySource == ["ws": [1], "rest": [30]])
        #expect(result.kinds == ["book_imbalance", "momentum"])
        let momentum = result.restricted(to: ["momentum"])
        #expect(momentum.reproduction == 1)
        #expect(result.restricted(to: ["book_imbalance"]).reproduction == 0)
    }
}
