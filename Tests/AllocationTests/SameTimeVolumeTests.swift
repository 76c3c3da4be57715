import Foundation
import Testing
@testable import Allocation
import IPC
import KIS

/// The hazard's `volume_vs_same_time` feature for stocks the REST sweep quotes: the multi-price row
/// has no previous-day volume, so before the estimate the feature was 0 for every stock without a
/// slot (and its weight never left its prior).
@Suite struct SameTimeVolumeTests {
    static let codes = (0..<10).map { "S\($0)" }
    static let hot = "S0"
    static var featureIndex: Int { HazardFeatures.layout.firstIndex { $0.name == "volume_vs_same_time" }! }

    /// Ten stocks with the master file's previous-day volume (S9 twice the others').
    func state() -> AllocatorState {
        let stocks = Self.codes.enumerated().map { n, code in
            UniverseStock(code: code, sector: "sector-\(n % 2)", previousDayVolume: n == 9 ? 200_000 : 100_000)
        }
        return AllocatorState(configuration: AllocatorConfiguration(), universe: StockUniverse(stocks: stocks))
    }

    /// A sweep quote as the poller maps a multi-price row: no previous-day volume.
    func sweepQuote(_ code: String, volume: Int, at now: Double) -> Quote {
        Quote(code: code, price: 10_100, previousClose: 10_000, change: 100, changeRate: 1, cumulativeVolume: volume,
              open: 10_000, high: 10_200, low: 9_900, receivedAt: now)
    }

    /// Today's volumes at `now`: each stock 10 % of its previous day's, the hot one `hotShare`.
    func sweep(_ state: inout AllocatorState, at now: Double, share: Double = 0.1, hotShare: Double = 0.4) {
        state.ingest(Self.codes.map { code in
            let previous = code == "S9" ? 200_000.0 : 100_000.0
            return sweepQuote(code, volume: Int(previous * (code == Self.hot ? hotShare : share)), at: now)
        }, now: now)
    }

    func inputs(_ state: AllocatorState, _ code: String, at now: Double) -> HazardInputs {
        let i = state.universe.index(of: code)!
        let context = state.hazard.sectorContext(state.universe, now: now, window: state.configuration.hazard.sectorWindowSeconds)
        return state.hazard.inputs(i, activity: state.activity[i], sector: state.universe.sectorIDs[i], context: context, now: now)
    }

    @Test func marketShare_isTheMedianOfTheKnownRatios_andNeedsEnoughStocks() {
        #expect(SameTimeVolume.marketShare([0.1, 0.3, 0.2, 0, 0.5, 0.4]) == 0.3)
        #expect(SameTimeVolume.marketShare([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]) == 0.35)
        #expect(SameTimeVolume.marketShare([0.1, 0.2, 0.3, 0.4, 0, 0]) == nil)
        #expect(SameTimeVolume.ratio(cumulative: 5_000, previousDay: nil) == 0)
        #expect(SameTimeVolume.ratio(cumulative: 5_000, previousDay: 0) == 0)
        #expect(SameTimeVolume.relative(ratio: 0.4, marketShare: 0.1) == 4)
        #expect(SameTimeVolume.relative(ratio: 0.4, marketShare: nil) == nil)
    }

    @Test func masterRecords_carryThePreviousDayVolume() {
        var record = MasterRecord(layout: .kospi, code: "005930", standardCode: "KR7005930003", name: "삼성전자")
        record.set("전일거래량", to: 12_345_678)
        let blank = MasterRecord(layout: .kosdaq, code: "035720", standardCode: "KR7035720002", name: "카카오")
        let universe = StockUniverse(records: [record, blank], stocksOnly: true)
        #expect(universe.stocks[0].previousDayVolume == 12_345_678)
        #expect(universe.stocks[1].previousDayVolume == nil)
    }

    @Test func sweepQuotes_giveTheVolumeAgainstTheSameTime_fromTheMasterFilesVolume() {
        let now = marketTime(10, 0)
        var state = state()
        sweep(&state, at: now)
        let hot = inputs(state, Self.hot, at: now), usual = inputs(state, "S1", at: now), bigger = inputs(state, "S9", at: now)
        #expect(abs((hot.relativeVolume ?? 0) - 4) < 1e-9, "hot \(String(describing: hot.relativeVolume))")
        #expect(abs((usual.relativeVolume ?? 0) - 1) < 1e-9, "usual \(String(describing: usual.relativeVolume))")
        // Its own previous day's volume is the base: twice the volume of a twice-as-big stock is usual.
        #expect(abs((bigger.relativeVolume ?? 0) - 1) < 1e-9, "bigger \(String(describing: bigger.relativeVolume))")

        let groups = Set(HazardFeatureGroup.allCases)
        #expect(HazardFeatures.vector(hot, groups: groups)[Self.featureIndex] == 1)
        #expect(HazardFeatures.vector(usual, groups: groups)[Self.featureIndex] == 0)
        let hazards = state.hazards(now: now)
        #expect(hazards[state.universe.index(of: Self.hot)!] > hazards[state.universe.index(of: "S1")!])
    }

    @Test func aStockWithoutThePreviousDaysVolume_hasNoEstimate() {
        let now = marketTime(10, 0)
        var state = state()
        state.ingest([sweepQuote("NEW", volume: 50_000, at: now)], now: now)
        sweep(&state, at: now)
        #expect(inputs(state, "NEW", at: now).relativeVolume == nil)
    }

    @Test func theWebSocketsOwnFigure_winsWhileFresh_theEstimateAfter() {
        var now = marketTime(10, 0)
        var state = state()
        sweep(&state, at: now)
        state.ingest([Trade(code: Self.hot, time: "100000", price: 10_100, change: 100, changeRate: 1, volume: 10,
                            cumulativeVolume: 40_000, open: 10_000, high: 10_200, low: 9_900, ask: 10_110, bid: 10_100,
                            previousDayVolumeRate: 250, receivedAt: now)], now: now)
        #expect(abs((inputs(state, Self.hot, at: now).relativeVolume ?? 0) - 2.5) < 1e-9)
        now += HazardTracker.websocketFreshSeconds + 1
        sweep(&state, at: now)
        #expect(abs((inputs(state, Self.hot, at: now).relativeVolume ?? 0) - 4) < 1e-9)
    }

    @Test func theFeaturesWeight_learnsFromTheSweep_insteadOfStayingAtItsPrior() {
        var now = marketTime(10, 0)
        var state = state()
        let prior = state.hazard.model.priorWeights[Self.featureIndex]
        let hot = state.universe.index(of: Self.hot)!
        // The hot stock trades 4× the usual pace for the time of day and fires every 15 s; no other does.
        for step in 0..<40 {
            now += 15
            sweep(&state, at: now, share: 0.1 + Double(step) * 0.002, hotShare: 0.4 + Double(step) * 0.008)
            state.ingest(TradeSignal(time: "", code: Self.hot, name: "", kind: .momentum, direction: .up, strength: 1, price: 10_100,
                                     changeRate: 1, volume: 0, source: .rest, tier: 0, dataAgeSeconds: 0, reason: "test", receivedAt: 0),
                         now: now - 1)
            state.advanceHazard(now: now)
        }
        #expect(state.hazard.model.updates > 0)
        let learned = state.hazard.model.weights[Self.featureIndex]
        #expect(learned > prior + 0.01, "volume_vs_same_time \(learned) against its prior \(prior)")
        #expect(state.hazards(now: now)[hot] > state.hazards(now: now)[state.universe.index(of: "S1")!])
    }
}
