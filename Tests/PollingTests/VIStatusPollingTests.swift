import Testing
import IPC
import KIS
@testable import Polling

/// The whole-market VI list: its share of the REST budget and its mapping to `vi_status`.
@Suite struct VIStatusPollingTests {
    @Test func scheduler_asksForTheVIList_everyIntervalAndNoMore() {
        let configuration = PollSchedulerConfiguration(isDiscoveryEnabled: false, viStatusIntervalSeconds: 3)
        var scheduler = PollScheduler(configuration: configuration, now: tenAM)
        scheduler.setUniverse(codes(0..<3000), now: tenAM)
        var calls: [PollCall] = []
        // 17.5 calls a second for a minute.
        for step in 0..<(60 * 35 / 2) {
            let now = tenAM + Double(step) * 2 / 35
            guard let call = scheduler.next(now: now) else { continue }
            calls.append(call)
            scheduler.complete(call, outcome: .received(Set(call.quoteCodes)), now: now)
        }
        let lists = calls.filter { $0 == .viStatus }.count
        #expect(lists == 20)
        #expect(Double(lists) / Double(calls.count) < 0.02)
    }

    @Test func scheduler_withoutAnInterval_neverAsks() {
        var scheduler = PollScheduler(configuration: PollSchedulerConfiguration(isDiscoveryEnabled: false), now: tenAM)
        scheduler.setUniverse(codes(0..<100), now: tenAM)
        #expect((0..<50).compactMap { _ in scheduler.next(now: tenAM) }.allSatisfy { $0 != .viStatus })
    }

    @Test func configuration_pollsTheListInRealOnly() {
        let configuration = PollerConfiguration()
        #expect(configuration.scheduler(for: .real).viStatusIntervalSeconds == 3)
        #expect(configuration.scheduler(for: .virtual).viStatusIntervalSeconds == 0)
    }

    /// Rows as KIS documents them: a dynamic VI released, a static one in force.
    let rows: [VIStatusRow] = [
        VIStatusRow(fields: ["hts_kor_isnm": "삼성전자", "mksc_shrn_iscd": "005930", "vi_cls_code": "N", "bsop_date": "20261125",
                             "cntg_vi_hour": "101500", "vi_cncl_hour": "101700", "vi_kind_code": "2", "vi_prc": "70000",
                             "vi_stnd_prc": "0", "vi_dprt": "0.00", "vi_dmc_stnd_prc": "68200", "vi_dmc_dprt": "2.64", "vi_count": "1"]),
        VIStatusRow(fields: ["hts_kor_isnm": "하림", "mksc_shrn_iscd": "136480", "vi_cls_code": "Y", "bsop_date": "20261125",
                             "cntg_vi_hour": "101812", "vi_cncl_hour": "000000", "vi_kind_code": "1", "vi_prc": "3300",
                             "vi_stnd_prc": "3000", "vi_dprt": "10.00", "vi_dmc_stnd_prc": "0", "vi_dmc_dprt": "0.00", "vi_count": "2"]),
        VIStatusRow(fields: ["mksc_shrn_iscd": "", "cntg_vi_hour": "101900"]),
    ]

    @Test func mapping_readsKindReferenceAndRelease_andDropsRowsWithoutACode() {
        let status = QuoteMapping.viStatus(rows, receivedAt: 7)
        #expect(status.events.count == 2 && status.receivedAt == 7)
        let released = status.events[0], active = status.events[1]
        #expect(!released.isActive && released.kind == "dynamic" && released.referencePrice == 68_200)
        #expect(released.triggerTime == "101500" && released.releaseTime == "101700" && released.deviationPercent == 2.64)
        #expect(active.isActive && active.kind == "static" && active.referencePrice == 3_000 && active.releaseTime == nil)
        #expect(active.triggerPrice == 3_300 && active.count == 2 && active.name == "하림")
    }

    @Test func query_isTheWholeMarket_onTheDay() {
        let query = VIStatusQuery.wholeMarket(date: "20261125")
        #expect(Set(query.fields.keys) == Set(VIStatusQuery.keys))
        #expect(query.date == "20261125" && query.code == "" && query["FID_COND_SCR_DIV_CODE"] == "20139")
        #expect(KISEndpoint.viStatus.trID(isVirtual: false) == "FHPST01390000" && KISEndpoint.viStatus.trID(isVirtual: true) == nil)
    }

    @Test func quoteMapping_carriesTheLimitsPhaseAndQueues() {
        var row = MultiPriceRow()
        row.code = "005930"; row.price = 13_000; row.change = 3_000; row.changeSign = .upperLimit; row.hourClass = "0"
        row.upperLimit = 13_000; row.lowerLimit = 7_000; row.bidQuantity = 420_000; row.askQuantity = 0
        let quote = QuoteMapping.quote(row, isAuction: false, receivedAt: 1)
        #expect(quote?.sign == 1 && quote?.phase == "0" && quote?.upperLimit == 13_000 && quote?.lowerLimit == 7_000)
        #expect(quote?.bidQuantity == 420_000 && quote?.askQuantity == 0 && quote?.isHalted == nil)
        var output = InquirePriceOutput()
        output.price = 10_000; output.isHalted = true; output.statusClass = "58"; output.viClass = "N"
        let single = QuoteMapping.quote(output, code: "005930", receivedAt: 1)
        #expect(single?.isHalted == true && single?.isVIActive == false)
    }

    func quote(_ code: String, volume: Int, phase: String = "0") -> Quote {
        var quote = Quote(code: code, price: 10_000, previousClose: 10_000, change: 0, changeRate: 0, cumulativeVolume: volume,
                          open: 10_000, high: 10_000, low: 10_000, receivedAt: 0)
        quote.phase = phase
        return quote
    }

    @Test func statusProbe_asksOnceAboutStocksThatNeverTraded_orAnUnexplainedAuction() {
        var probe = StatusProbe(retrySeconds: 600)
        let quotes = [quote("000010", volume: 0), quote("000020", volume: 500), quote("000030", volume: 900, phase: "C"),
                      quote("000040", volume: 900, phase: "C")]
        // Before 09:01 nothing (the opening auction has no volume yet); no list yet: no auction judged.
        #expect(probe.codes(toProbe: quotes, now: tenAM - 3 * 3600).isEmpty)
        #expect(probe.codes(toProbe: quotes, now: tenAM) == ["000010"])
        probe.update(VIStatus(events: [VIEvent(code: "000040", name: "", isActive: true, kind: "static", triggerTime: "095958",
                                               triggerPrice: 11_000, referencePrice: 10_000, deviationPercent: 10, count: 1)],
                              receivedAt: 0))
        #expect(probe.codes(toProbe: quotes, now: tenAM + 5) == ["000030"])
        #expect(probe.codes(toProbe: quotes, now: tenAM + 300).isEmpty)
        #expect(probe.codes(toProbe: quotes, now: tenAM + 601) == ["000010"])
    }

    @Test func statusProbe_findsHaltedListingsInThePreOpen_byTheirEmptyBook() {
        var probe = StatusProbe(retrySeconds: 600)
        let midnight = tenAM - MarketClock.secondsOfDay(tenAM)
        let preOpen = midnight + 8 * 3600 + 55 * 60, ten = midnight + 10 * 3600
        var halted = quote("000010", volume: 0, phase: "B")
        halted.ask = 0; halted.bid = 0
        var crossing = quote("000020", volume: 0, phase: "B")
        crossing.ask = 10_050; crossing.bid = 10_000
        // Before the opening call nothing; in it, the stock no order can reach, and only it.
        #expect(probe.codes(toProbe: [halted, crossing], now: midnight + 8 * 3600).isEmpty)
        #expect(probe.codes(toProbe: [halted, crossing], now: preOpen) == ["000010"])
        // The probe says halted: the same dead row is confirmed after 1, 2, 4 … minutes, then every 10.
        var answer = quote("000010", volume: 0)
        answer.isHalted = true
        probe.record(answer)
        #expect(probe.codes(toProbe: [halted], now: preOpen + 59).isEmpty)
        #expect(probe.codes(toProbe: [halted], now: preOpen + 60) == ["000010"])
        probe.record(answer)
        #expect(probe.codes(toProbe: [halted], now: preOpen + 60 + 119).isEmpty)
        #expect(probe.codes(toProbe: [halted], now: preOpen + 60 + 120) == ["000010"])
        for _ in 0..<5 { probe.record(answer) }
        #expect(probe.codes(toProbe: [halted], now: preOpen + 180 + 599).isEmpty)
        #expect(probe.codes(toProbe: [halted], now: preOpen + 180 + 600) == ["000010"])
        // Signs of life (its reopening call shows a book) are asked about within a minute.
        var reopening = quote("000010", volume: 0, phase: "C")
        reopening.ask = 10_100; reopening.bid = 10_000
        #expect(probe.codes(toProbe: [reopening], now: ten + 3600) == ["000010"])
        #expect(probe.codes(toProbe: [reopening], now: ten + 3600 + 30).isEmpty)
        #expect(probe.codes(toProbe: [reopening], now: ten + 3600 + 61) == ["000010"])
        // Resumed: back to the ordinary hints.
        answer.isHalted = false
        probe.record(answer)
        #expect(probe.codes(toProbe: [reopening], now: ten + 3600 + 200).isEmpty)
    }

    @Test func statusProbe_anIntradayHalt_showsAsAnEmptyBookInContinuousTrading_notALock() {
        var probe = StatusProbe(retrySeconds: 600)
        var haltedNow = quote("000010", volume: 5_000)
        haltedNow.ask = 0; haltedNow.bid = 0
        var upperLock = quote("000020", volume: 90_000)
        upperLock.ask = 0; upperLock.bid = 13_000
        #expect(probe.codes(toProbe: [haltedNow, upperLock], now: tenAM) == ["000010"])
        // After the closing call starts an empty book means nothing.
        var late = quote("000030", volume: 5_000)
        late.ask = 0; late.bid = 0
        let midnight = tenAM - MarketClock.secondsOfDay(tenAM)
        #expect(probe.codes(toProbe: [late], now: midnight + 15 * 3600 + 21 * 60).isEmpty)
    }

    @Test func scheduler_servesProbesAheadOfTheSweep_once() {
        var scheduler = PollScheduler(configuration: PollSchedulerConfiguration(isDiscoveryEnabled: false), now: tenAM)
        scheduler.setUniverse(codes(0..<100), now: tenAM)
        scheduler.probe(["000007", "000008", "000007"])
        #expect(scheduler.next(now: tenAM) == .quote("000007"))
        #expect(scheduler.next(now: tenAM) == .quote("000008"))
        #expect(scheduler.next(now: tenAM)?.quoteCodes.count == 30)
    }

    /// A probe that got no answer is tried again `retryDelaySeconds` later, for
    /// `probeRetryWindowSeconds` after its first try; one answered is done.
    @Test func aProbeWithoutAnswer_isTriedAgain_withinItsWindow() {
        var configuration = PollSchedulerConfiguration(isDiscoveryEnabled: false)
        configuration.probeRetryWindowSeconds = 5
        var scheduler = PollScheduler(configuration: configuration, now: tenAM)
        scheduler.probe(["000007", "000008"])
        #expect(scheduler.next(now: tenAM) == .quote("000007"))
        #expect(scheduler.next(now: tenAM) == .quote("000008"))
        scheduler.complete(.quote("000007"), outcome: .callFailed, now: tenAM + 0.5)
        scheduler.complete(.quote("000008"), outcome: .received(["000008"]), now: tenAM + 0.5)
        #expect(scheduler.next(now: tenAM + 1) == nil, "not before the retry delay")
        #expect(scheduler.nextWakeUp(now: tenAM + 1) <= tenAM + 2.5)
        #expect(scheduler.next(now: tenAM + 2.5) == .quote("000007"))
        scheduler.complete(.quote("000007"), outcome: .received([]), now: tenAM + 3)
        #expect(scheduler.next(now: tenAM + 5) == .quote("000007"))
        // Past the window: given up (until StatusProbe asks again).
        scheduler.complete(.quote("000007"), outcome: .callFailed, now: tenAM + 5.5)
        #expect(scheduler.next(now: tenAM + 10) == nil)
        #expect(scheduler.next(now: tenAM + 100) == nil)
    }
}
