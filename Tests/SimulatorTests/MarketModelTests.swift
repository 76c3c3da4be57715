import Testing
@testable import Simulator

@Suite struct MarketModelTests {
    @Test func sameSeed_givesIdenticalPrices_howeverTimeIsSlicedOrWhoIsWatched() {
        var whole = TestMarket.generated()
        _ = whole.advance(to: TestMarket.at(9, 20))
        var sliced = TestMarket.generated()
        sliced.watch(["005930", "035420", "263750", "086520"])
        _ = sliced.advance(to: TestMarket.at(8, 59))
        var t = TestMarket.at(8, 59)
        while t < TestMarket.at(9, 20) {
            t = min(TestMarket.at(9, 20), t + 0.37)
            _ = sliced.advance(to: t)
        }
        #expect(whole.price == sliced.price)
        #expect(whole.volume == sliced.volume)
        #expect(whole.open == sliced.open)
        #expect(whole.indexQuote(.kospi).value == sliced.indexQuote(.kospi).value)
    }

    @Test func sameSeed_givesIdenticalTrades() {
        func run() -> [MarketTrade] {
            var model = TestMarket.generated()
            model.watch(["005930", "000660", "028300"])
            return model.advance(to: TestMarket.at(9, 5))
        }
        let a = run()
        #expect(!a.isEmpty)
        #expect(a == run())
    }

    @Test func differentSeed_givesDifferentPrices() {
        var a = TestMarket.generated(seed: 1), b = TestMarket.generated(seed: 2)
        _ = a.advance(to: TestMarket.at(9, 10))
        _ = b.advance(to: TestMarket.at(9, 10))
        #expect(a.quote("005930")!.price != b.quote("005930")!.price || a.quote("000660")!.price != b.quote("000660")!.price)
        #expect(a.volume != b.volume)
    }

    @Test func openingAuction_showsExpectedPriceAndVolume_butNoTrades() {
        var model = TestMarket.generated()
        model.watch(model.universe.listings.map(\.code))
        let trades = model.advance(to: TestMarket.at(8, 59, 59))
        #expect(trades.isEmpty)
        let q = model.quote("005930")!
        #expect(q.session == .openingAuction)
        #expect(q.expectedPrice > 0 && q.expectedVolume > 0 && q.cumulativeVolume == 0)
        #expect(q.price == q.previousClose)
    }

    @Test func openingCross_printsOneAuctionTradePerWatchedStockAtNine() {
        var model = TestMarket.generated()
        let watched = ["005930", "035720", "247540"]
        model.watch(watched)
        _ = model.advance(to: TestMarket.at(8, 59, 59))
        let expected = watched.map { model.quote($0)!.expectedPrice }
        let trades = model.advance(to: TestMarket.at(9, 0))
        // A stock halted all day (the day's KRX mechanics) takes no part in the cross.
        let trading = watched.filter { !model.quote($0)!.isHalted }
        #expect(trading.count >= 2)
        #expect(trades.map(\.code).sorted() == trading.sorted())
        for trade in trades {
            #expect(trade.side == .auction && trade.time == TestMarket.at(9, 0))
            #expect(trade.price == expected[watched.firstIndex(of: trade.code)!])
            #expect(trade.open == trade.price && trade.cumulativeVolume == Int64(trade.quantity))
        }
        #expect(model.quote("005930")!.viReferencePrice == model.quote("005930")!.open)
    }

    @Test func trades_stayWithinTheLimitsAndOnTheTickGrid_evenWhenAnEventPushesPastTheLimit() {
        let runaway = MarketEvent(id: "E1", kind: .momentumRun, code: "263750", start: TestMarket.at(9, 1),
                                  end: TestMarket.at(9, 11), magnitude: 45)
        var model = TestMarket.planted([runaway])
        model.watch(["263750", "005930", "035420", "028300"])
        let trades = model.advance(to: TestMarket.at(9, 15))
        #expect(trades.count > 100)
        var last = 0.0
        for trade in trades {
            let listing = model.universe.listing(trade.code)!
            #expect(KRXRules.isOnTick(trade.price))
            #expect(trade.price <= listing.upperLimit && trade.price >= listing.lowerLimit)
            #expect(trade.quantity > 0 && trade.time >= last)
            #expect(trade.low <= trade.price && trade.price <= trade.high)
            last = trade.time
        }
        // The run reached the limit. (Staying pinned there after the run is limit-lock behaviour, not the
        // random walk's: with a volatility that flares, the walk may leave the limit once the drift stops.)
        let q = model.quote("263750")!
        #expect(q.high == q.upperLimit)
        #expect(q.price != q.upperLimit || q.signCode == 1)
    }

    @Test func advance_reportsOnlyWatchedStocks_whileUnwatchedStocksStillMove() {
        var model = TestMarket.generated()
        model.watch(["005930", "000660"])
        let before = model.volume
        let trades = model.advance(to: TestMarket.at(9, 10))
        #expect(Set(trades.map(\.code)) == ["005930", "000660"])
        let moved = model.universe.listings.indices.filter { model.volume[$0] > before[$0] }
        #expect(moved.count > model.universe.count / 2)
    }

    @Test func watchedTrades_sumExactlyToTheVolume() {
        var model = TestMarket.planted([])
        let codes = ["005930", "000660", "035420", "263750"]
        model.watch(codes)
        _ = model.advance(to: TestMarket.at(11, 0))
        let before = codes.map { model.quote($0)!.cumulativeVolume }
        var trades: [MarketTrade] = []
        model.advance(to: TestMarket.at(11, 10), into: &trades)
        for (k, code) in codes.enumerated() {
            let reported = trades.filter { $0.code == code }.reduce(Int64(0)) { $0 + Int64($1.quantity) }
            #expect(reported == model.quote(code)!.cumulativeVolume - before[k])
        }
        #expect(trades.count > 100)
    }

    /// Trades cluster (information flow, self-excitation), so one stock's 10 minutes can be far from its
    /// mean rate; over the day and the universe, a stock still trades its activity on average.
    @Test func tradeCounts_matchTheActivityOnAverage_overTheDay() {
        var model = TestMarket.planted([])
        _ = model.advance(to: TestMarket.at(15, 20))
        let ratios = model.universe.listings.indices.map { i in
            Double(model.buyCount[i] + model.sellCount[i]) / (model.universe.listings[i].activity * KRXRules.continuousLength)
        }
        let mean = ratios.reduce(0, +) / Double(ratios.count)
        #expect(mean > 0.85 && mean < 1.2, "mean ratio of trades to activity × session: \(mean)")
    }
}
