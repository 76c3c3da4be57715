import Benchmarks
import Testing
@testable import Simulator

/// Whole-day behaviour on a quiet, coarse-stepped (5 s) small market.
@Suite(.serialized) struct MarketDayTests {
    @Test func volumeCurve_isHeavierAtTheOpenThanAtLunch() {
        var model = TestMarket.planted([], step: 5)
        func total() -> Int64 { model.volume.reduce(0, +) }
        _ = model.advance(to: TestMarket.at(9, 0, 1))
        let atOpen = total()
        _ = model.advance(to: TestMarket.at(9, 30))
        let morning = total() - atOpen
        _ = model.advance(to: TestMarket.at(12, 0))
        let lunchStart = total()
        _ = model.advance(to: TestMarket.at(12, 30))
        let lunch = total() - lunchStart
        #expect(Double(morning) > 2 * Double(lunch))
    }

    @Test func closingAuction_hasNoTrades_thenOneCrossAtHalfPastThree() {
        var model = TestMarket.generated(step: 10)
        _ = model.advance(to: TestMarket.at(15, 19))
        model.watch(["005930", "263750"])
        let continuous = model.advance(to: TestMarket.at(15, 20))
        #expect(!continuous.isEmpty)
        let auction = model.advance(to: TestMarket.at(15, 29, 59))
        #expect(auction.isEmpty)
        let expected = model.quote("005930")!.expectedPrice
        #expect(expected > 0 && model.quote("005930")!.session == .closingAuction)
        let close = model.advance(to: TestMarket.at(15, 30))
        #expect(close.count == 2 && close.allSatisfy { $0.side == .auction && $0.time == TestMarket.at(15, 30) })
        #expect(model.quote("005930")!.price == expected)
        let after = model.advance(to: TestMarket.at(16, 0))
        #expect(after.isEmpty && model.quote("005930")!.price == expected)
    }

    @Test func indices_followTheirMembers() {
        var model = TestMarket.generated(step: 5)
        _ = model.advance(to: TestMarket.at(10, 0))
        for index in MarketIndex.allCases {
            let q = model.indexQuote(index)
            #expect(abs(q.changeRate) < 5)
            #expect(q.low <= q.value && q.value <= q.high && q.low <= q.open && q.open <= q.high)
            let members = model.universe.listings.filter { index.contains($0) }.count
            #expect(q.advancing + q.declining + q.unchanged == members)
            #expect(q.cumulativeVolume > 0)
        }
        #expect(model.indexQuote(code: "1001")?.index == .kosdaq)
        // Recomputing from scratch agrees with the incrementally kept value.
        let kospi = model.universe.listings.indices.filter { model.universe.listings[$0].market == .kospi }
        let cap = kospi.reduce(0.0) { $0 + Double(model.universe.listings[$1].listedShares) * Double(model.price[$1]) }
        let base = kospi.reduce(0.0) { $0 + model.universe.listings[$1].marketCapitalization }
        #expect(abs(model.indexQuote(.kospi).value - 2_650 * cap / base) < 1e-6)
    }

    @Test func rankings_areSortedAndFiltered() {
        var model = TestMarket.generated(step: 5)
        _ = model.advance(to: TestMarket.at(9, 40))
        let volume = model.topByVolume(count: 30)
        #expect(volume.count == 30)
        #expect(zip(volume, volume.dropFirst()).allSatisfy { $0.cumulativeVolume >= $1.cumulativeVolume })
        let kosdaq = model.topByVolume(count: 10, market: .kosdaq, priceRange: 10_000...100_000)
        #expect(kosdaq.allSatisfy { $0.market == .kosdaq && (10_000...100_000).contains($0.price) })
        let up = model.topByChangeRate(count: 20, direction: .up)
        #expect(zip(up, up.dropFirst()).allSatisfy { $0.changeRate >= $1.changeRate })
        let down = model.topByChangeRate(count: 20, direction: .down, market: .kospi200)
        #expect(zip(down, down.dropFirst()).allSatisfy { $0.changeRate <= $1.changeRate })
        #expect(down.allSatisfy { $0.isKOSPI200 })
        #expect(MarketFilter(indexCode: "2001") == .kospi200 && MarketFilter(indexCode: "9999") == nil)
    }

    @Test func orderBook_hasTenLevelsOnTheGridAroundThePrice() throws {
        var model = TestMarket.generated(step: 5)
        _ = model.advance(to: TestMarket.at(10, 0))
        for code in ["005930", "263750", "028300"] {
            let book = try #require(model.orderBook(code))
            let q = model.quote(code)!
            #expect(book.asks.count == 10 && book.bids.count == 10)
            #expect(book.asks[0].price == q.bestAsk && book.bids[0].price == q.bestBid && q.bestBid < q.bestAsk)
            #expect(zip(book.asks, book.asks.dropFirst()).allSatisfy { $0.price < $1.price || $1.price == 0 })
            #expect(zip(book.bids, book.bids.dropFirst()).allSatisfy { $0.price > $1.price })
            for level in book.asks + book.bids where level.price > 0 {
                #expect(KRXRules.isOnTick(level.price) && level.quantity > 0)
                #expect(level.price <= q.upperLimit && level.price >= q.lowerLimit)
            }
            #expect(book.totalAskQuantity > 0 && book.totalBidQuantity > 0)
        }
    }

    @Test func benchmark_runsAndReportsMarketAndCPUTime() {
        let result = MarketBenchmark.run(speed: 10, realSeconds: 0.2, watchedCount: 10,
                                         configuration: TestMarket.configuration())
        #expect(result.marketSeconds == 2 && result.cpuSeconds >= 0 && result.trades > 0)
        #expect(!result.description.isEmpty)
    }
}
