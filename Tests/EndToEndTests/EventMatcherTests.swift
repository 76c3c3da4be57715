import Testing
import IPC
import Reports

/// `EventMatcher`: compatible kinds, the window, noise, precision and latency percentiles.
struct EventMatcherTests {
    let nine = 9.0 * 3600

    func event(_ id: String, _ kind: String, _ code: String, start: Double, end: Double? = nil, noise: Bool = false) -> GroundTruthEvent {
        GroundTruthEvent(id: id, kind: kind, code: code, start: start, end: end ?? start + 60, noise: noise)
    }

    func seen(_ code: String, _ kind: String, at second: Double) -> EventMatcher.Observation {
        EventMatcher.Observation(code: code, kind: kind, secondOfDay: second)
    }

    @Test func match_catchesEvent_whenSameStockCompatibleKindWithinWindow() {
        let result = EventMatcher(window: 300).match(events: [event("E1", "volumeSurge", "005930", start: nine)],
                                                     observations: [seen("005930", "volume_breakout", at: nine + 4)])
        #expect(result.caught == 1)
        #expect(result.verdicts[0].latency == 4)
        #expect(result.precision == 1)
    }

    @Test(arguments: [
        ("openingGap", "gap", true), ("openingGap", "momentum", false),
        ("volumeSurge", "volume_surge", true), ("volumeSurge", "volume_breakout", true), ("volumeSurge", "gap", false),
        ("breakout", "breakout", true), ("breakout", "momentum", true), ("breakout", "volume_surge", false),
        ("momentumRun", "momentum", true), ("momentumRun", "breakout", true), ("momentumRun", "closing_momentum", false),
        ("closingRun", "closing_momentum", true), ("closingRun", "momentum", true), ("closingRun", "breakout", false),
    ])
    func catches_followsTheCompatibilityTable(eventKind: String, signalKind: String, expected: Bool) {
        let matcher = EventMatcher()
        #expect(matcher.catches(seen("000660", signalKind, at: nine + 1), event("E", eventKind, "000660", start: nine)) == expected)
    }

    @Test func match_missesEvent_whenOtherStockOrOutsideWindow() {
        let matcher = EventMatcher(window: 300, extendsToEventEnd: false, lead: 2)
        let e = event("E1", "breakout", "035420", start: nine, end: nine + 1200)
        #expect(!matcher.catches(seen("035421", "breakout", at: nine + 5), e))
        #expect(!matcher.catches(seen("035420", "breakout", at: nine - 3), e))   // before the lead
        #expect(matcher.catches(seen("035420", "breakout", at: nine - 2), e))    // within the lead
        #expect(matcher.catches(seen("035420", "breakout", at: nine + 300), e))  // the window's last second
        #expect(!matcher.catches(seen("035420", "breakout", at: nine + 301), e))
        // A long event can be caught until its end when the matcher allows it.
        #expect(EventMatcher(window: 300, extendsToEventEnd: true).catches(seen("035420", "breakout", at: nine + 1100), e))
    }

    @Test func match_excludesNoiseFromTheDenominator_andCountsUnmatchedSignals() {
        let events = [event("E1", "openingGap", "A", start: nine), event("E2", "volumeBlip", "B", start: nine, noise: true),
                      event("E3", "momentumRun", "C", start: nine)]
        let result = EventMatcher().match(events: events, observations: [
            seen("A", "gap", at: nine + 1), seen("B", "volume_surge", at: nine + 1), seen("Z", "gap", at: nine),
        ])
        #expect(result.events == 2)
        #expect(result.caught == 1)
        #expect(result.capture == 0.5)
        #expect(result.unmatchedSignals == 2)  // the noise-chasing signal and the unknown stock
        #expect(result.totalSignals == 3)
    }

    @Test func match_usesTheEarliestMatchingSignal_forLatency() {
        let result = EventMatcher().match(events: [event("E1", "breakout", "A", start: nine)],
                                          observations: [seen("A", "momentum", at: nine + 30), seen("A", "breakout", at: nine + 3)])
        #expect(result.verdicts[0].latency == 3)
        #expect(result.latencyPercentile(50) == 3)
    }

    @Test func latencyPercentile_isNearestRank_andNilWhenNothingCaught() {
        let events = (1...4).map { event("E\($0)", "gap", "S\($0)", start: nine) }
        let observations = (1...4).map { seen("S\($0)", "gap", at: nine + Double($0)) }
        let result = EventMatcher().match(events: events, observations: observations)
        #expect(result.latencyPercentile(50) == 2)
        #expect(result.latencyPercentile(95) == 4)
        #expect(EventMatcher().match(events: events, observations: []).latencyPercentile(50) == nil)
        #expect(EventMatcher().match(events: [], observations: []).capture == 1)
    }

    @Test func secondOfDay_readsTheClockOfAnISOTime() {
        #expect(EventMatcher.secondOfDay(iso: "2026-11-25T09:03:12+09:00") == 32592)
        #expect(EventMatcher.secondOfDay(iso: "garbage") == nil)
    }

    @Test func match_fromTradeSignals_countsUnparseableTimesAsUnmatched() {
        func signal(_ time: String) -> TradeSignal {
            TradeSignal(time: time, code: "A", name: "A", kind: .gap, direction: .up, strength: 4, price: 1000, changeRate: 4,
                        volume: 1, source: .rest, tier: 0, dataAgeSeconds: 0, reason: "", receivedAt: 0)
        }
        let result = EventMatcher().match(events: [event("E1", "openingGap", "A", start: nine)],
                                          signals: [signal("2026-11-25T09:00:05+09:00"), signal("bad")])
        #expect(result.caught == 1)
        #expect(result.totalSignals == 2)
        #expect(result.unmatchedSignals == 1)
    }

    @Test func precisionPerKind_countsSignalsOnDecoysAsFalseAlarms() {
        let events = [event("E1", "momentumRun", "A", start: nine), event("N1", "priceWiggle", "B", start: nine, noise: true)]
        let result = EventMatcher().match(events: events, observations: [
            seen("A", "momentum", at: nine + 30), seen("B", "momentum", at: nine + 30),   // the second on a decoy
            seen("A", "volume_surge", at: nine + 40),                                     // no volume event on A
        ])
        #expect(result.precision(of: "momentum") == 0.5)
        #expect(result.precision(of: "volume_surge") == 0)
        #expect(result.precision(of: "gap") == nil)
        #expect(result.signalsByKind == ["momentum": 2, "volume_surge": 1])
    }
}

/// `EventMatcher` over a `Session`: the denominator, the start of a pre-session event, readiness,
/// the session's end, and what the benchmarks read off the result.
@Suite struct EventMatcherSessionTests {
    let nine = 9.0 * 3600

    @Test func eventsBegunBeforeTheSession_countFromTheSessionStart() {
        let gap = GroundTruthEvent(id: "1", kind: "openingGap", code: "005930", start: 30_600, end: 32_400, magnitude: 5, noise: false)
        let observable = EventMatcher.observable([gap], from: 32_280)
        #expect(observable[0].start == 32_280)
        let result = EventMatcher().match(events: observable, observations: [.init(code: "005930", kind: "gap", secondOfDay: 32_290)])
        #expect(result.verdicts.first?.latency == 10)
    }

    @Test func session_countsOnlyEventsLiveInIt_andNeverNoise() {
        let session = EventMatcher.Session(start: nine, end: nine + 3600, settle: 120)
        #expect(session.counts(GroundTruthEvent(id: "1", kind: "breakout", code: "A", start: nine - 600, end: nine + 1)))
        #expect(!session.counts(GroundTruthEvent(id: "2", kind: "breakout", code: "A", start: nine - 600, end: nine)))   // over before
        #expect(session.counts(GroundTruthEvent(id: "3", kind: "breakout", code: "A", start: nine + 3480, end: nine + 3700)))
        #expect(!session.counts(GroundTruthEvent(id: "4", kind: "breakout", code: "A", start: nine + 3481, end: nine + 3700))) // settle
        #expect(!session.counts(GroundTruthEvent(id: "5", kind: "priceWiggle", code: "A", start: nine + 60, end: nine + 120, noise: true)))
    }

    @Test func sessionMatch_opensAPreSessionGapAtTheSessionStart_notAtTheAuction() {
        // A gap planted at 08:30, a run from 08:55: a signal at 08:54 (before the session) does not
        // count, one at 08:55 does, and nothing counts before the session minus the lead.
        let gap = GroundTruthEvent(id: "G", kind: "openingGap", code: "A", start: 8.5 * 3600, end: nine + 600)
        let session = EventMatcher.Session(start: nine - 300, end: nine + 3600)
        let early = EventMatcher().match(events: [gap], observations: [.init(code: "A", kind: "gap", secondOfDay: nine - 360)], session: session)
        #expect(early.caught == 0)
        let onTime = EventMatcher().match(events: [gap], observations: [.init(code: "A", kind: "gap", secondOfDay: nine - 299)], session: session)
        #expect(onTime.verdicts.first?.latency == 1)
        #expect(onTime.verdicts.first?.event.start == nine - 300)
    }

    @Test func sessionMatch_usesTheReportWindow_notALenientOne() {
        // The window is [start − lead, max(start + window, end)]: a signal 3 s early or after both misses.
        let run = GroundTruthEvent(id: "M", kind: "momentumRun", code: "A", start: nine + 600, end: nine + 1200)
        let session = EventMatcher.Session(start: nine, end: nine + 3600)
        let matcher = EventMatcher()
        for (second, caught) in [(nine + 597, false), (nine + 598, true), (nine + 1200, true), (nine + 1201, false)] {
            let result = matcher.match(events: [run], observations: [.init(code: "A", kind: "momentum", secondOfDay: second)], session: session)
            #expect(result.caught == (caught ? 1 : 0), "signal at +\(second - nine - 600) s")
        }
    }

    @Test func sessionMatch_countsLatencyFromReadiness_andDropsSignalsAfterTheEnd() {
        let gap = GroundTruthEvent(id: "G", kind: "openingGap", code: "A", start: 8.5 * 3600, end: nine + 600)
        let late = GroundTruthEvent(id: "B", kind: "breakout", code: "B", start: nine + 100, end: nine + 400)
        let session = EventMatcher.Session(start: nine - 300, end: nine + 200, ready: nine - 280)
        let result = EventMatcher().match(events: [gap, late], observations: [
            .init(code: "A", kind: "gap", secondOfDay: nine - 290, source: "rest"),   // before ready: latency 0
            .init(code: "B", kind: "breakout", secondOfDay: nine + 201, source: "ws"), // after the end: not seen
        ], session: session)
        #expect(result.verdicts.map(\.latency) == [0, nil])
        #expect(result.totalSignals == 1)
        #expect(result.caughtBySource == ["rest": 1])
        #expect(result.caughtIDs == ["G"])
    }

    @Test func sessionMatch_countsASignalOfAnEventInTheSettleTime_asMatched() {
        let settling = GroundTruthEvent(id: "S", kind: "volumeSurge", code: "A", start: nine + 3550, end: nine + 3900)
        let session = EventMatcher.Session(start: nine, end: nine + 3600, settle: 120)
        let result = EventMatcher().match(events: [settling], observations: [.init(code: "A", kind: "volume_surge", secondOfDay: nine + 3560)],
                                          session: session)
        #expect(result.events == 0)
        #expect(result.unmatchedSignals == 0)
        #expect(result.precision == 1)
    }

    @Test func sessionMatch_reportsTheFirstMatchingSignalsSource() {
        let event = GroundTruthEvent(id: "V", kind: "volumeSurge", code: "A", start: nine + 60, end: nine + 400)
        let result = EventMatcher().match(events: [event], observations: [
            .init(code: "A", kind: "volume_breakout", secondOfDay: nine + 90, source: "ws"),
            .init(code: "A", kind: "volume_surge", secondOfDay: nine + 70, source: "rest"),
        ], session: .init(start: nine, end: nine + 3600))
        #expect(result.verdicts.first?.source == "rest")
        #expect(result.verdicts.first?.latency == 10)
    }

    @Test func windowDescription_namesTheLeadAndTheWindow() {
        #expect(EventMatcher().windowDescription.contains("from 2 s before the event's start to 300 s after it (or the event's end, if later)"))
    }

    @Test func percentile_isNearestRank_andZeroWhenEmpty() {
        #expect(EventMatcher.Result.percentile([1, 2, 3, 4], 50) == 2)
        #expect(EventMatcher.Result.percentile([1, 2, 3, 4], 95) == 4)
        #expect(EventMatcher.Result.percentile([], 50) == 0)
    }
}

@Suite struct SlotCoverageTests {
    @Test func coverage_isTheShareOfEventStocksHoldingASlot_perMinute() {
        let nine = 1_795_564_800.0  // 2026-11-25 09:00 KST
        let allocation = TimelineRecord.allocation(t: nine, generation: 1, window: "gap_focus", strategy: "gap",
                                                   holders: [.init(code: "A", tier: 1), .init(code: "X", tier: 0)],
                                                   slotsUsed: 3, capacity: 41, fallback: false)
        let events = [
            GroundTruthEvent(id: "1", kind: "volumeSurge", code: "A", start: 32_400, end: 32_700),
            GroundTruthEvent(id: "2", kind: "volumeSurge", code: "B", start: 32_400, end: 32_700),
            GroundTruthEvent(id: "3", kind: "volumeSurge", code: "C", start: 32_400, end: 32_700, noise: true),
        ]
        let result = SlotCoverage.measure(allocations: [allocation], events: events, range: 32_400...32_460)
        #expect(result.samples == 2)
        #expect(result.coverage == 0.5)
    }
}
