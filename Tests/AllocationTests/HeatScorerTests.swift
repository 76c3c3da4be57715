import Testing
@testable import Allocation
import IPC

@Suite struct HeatScorerTests {
    let now = marketTime(10, 0)

    @Test func gap_volume_andMomentum_eachSaturate() {
        var activity = StockActivity()
        activity.observe(price: 10_000, previousClose: 10_000, changeRate: 0, relativeVolume: 1, expectedGap: nil, receivedAt: 1, now: now - 900)
        activity.observe(price: 10_600, previousClose: 10_000, changeRate: 6, relativeVolume: 6, expectedGap: nil, receivedAt: 2, now: now)
        let c = HeatScorer().components(of: activity, now: now, inAuction: false)
        #expect(c.gap == 1)
        #expect(c.volume == 1)
        #expect(c.momentum == 1)
        #expect(HeatScorer().score(activity, weights: StrategyWeights(gap: 1, volume: 1, momentum: 1, ranking: 0, signal: 0, performance: 0),
                                   now: now, inAuction: false) == 100)
    }

    @Test func olderData_neverOverwritesFresher_whateverItsSource() {
        var state = makeState(stocks: 1)
        let code = state.universe.stocks[0].code
        state.ingest([Trade(code: code, time: "100000", price: 11_000, change: 1_000, changeRate: 10, volume: 1, cumulativeVolume: 10,
                            open: 10_000, high: 11_000, low: 10_000, ask: 11_010, bid: 11_000, previousDayVolumeRate: 300, receivedAt: 2_000_000_000)], now: now)
        state.ingest([Quote(code: code, price: 10_100, previousClose: 10_000, change: 100, changeRate: 1, cumulativeVolume: 5, open: 10_000,
                            high: 10_100, low: 10_000, receivedAt: 1_999_999_999)], now: now)
        #expect(state.activity[0].price == 11_000)
        #expect(state.activity[0].relativeVolume == 3)
    }

    @Test func preMarket_scoresTheExpectedGap() {
        var state = makeState(stocks: 1)
        let code = state.universe.stocks[0].code
        state.ingest([Quote(code: code, price: 10_000, previousClose: 10_000, change: 0, changeRate: 0, cumulativeVolume: 0, open: 0,
                            high: 0, low: 0, expectedPrice: 10_500, receivedAt: 3_000_000_000)], now: marketTime(8, 50))
        #expect(state.activity[0].expectedGap == 5)
        let c = HeatScorer().components(of: state.activity[0], now: marketTime(8, 50), inAuction: true)
        #expect(c.gap == 1)
    }

    @Test func strongSignal_becomesAnEmergencyPromotion() {
        var state = makeState(stocks: 5)
        let signal = TradeSignal(time: "", code: state.universe.stocks[3].code, name: "", kind: .volumeSurge, direction: .up, strength: 6,
                                 price: 1, changeRate: 1, volume: 1, source: .rest, tier: 0, dataAgeSeconds: 0, reason: "", receivedAt: 0)
        state.ingest(signal, now: now)
        #expect(state.emergencies.map(\.code) == [state.universe.stocks[3].code])
        #expect(state.emergencies.first?.priority == 90)
    }
}
