import Testing
import IPC
@testable import SignalEngine

/// A REST quote has no volume against the same time yesterday (only the trade feed carries KIS's
/// figure): the engine estimates it from the stock's day over its previous day's whole volume
/// (master file) against the market's median of the same (`SameTimeVolume`).
@Suite struct SameTimeEstimateTests {
    /// Five stocks at a fifth of yesterday's volume, `HOT` at `hotShare` of it; 100,000 shares yesterday each.
    func evaluator(_ configuration: SignalsConfiguration = .lone) -> SignalEvaluator {
        SignalEvaluator(configuration: configuration, profileLookup: { _ in StockProfile(market: "KOSPI", previousDayVolume: 100_000) })
    }

    func quote(_ code: String, volume: Int) -> Quote {
        Tick(code: code, price: 10_100, open: 10_000, volume: volume, previousDayVolume: nil).quote
    }

    @Test func aQuote_getsItsPaceAgainstTheMarkets() {
        var engine = evaluator()
        let now = at(10, 0)
        for code in ["A", "B", "C", "D", "E"] { _ = engine.ingest(quote(code, volume: 20_000), now: now) }
        _ = engine.ingest(quote("HOT", volume: 80_000), now: now + 11)
        // 0.8 of yesterday against a market median of 0.2: four times the usual pace by now.
        #expect(abs((engine.state(of: "HOT")?.relativeVolume ?? 0) - 4) < 1e-9)
        // The first quotes came before five stocks were known: no estimate, not a guess.
        #expect(engine.state(of: "A")?.relativeVolume == nil)
    }

    @Test func withoutThePreviousDay_orTooFewStocks_thereIsNoEstimate() {
        var engine = SignalEvaluator(configuration: .lone)
        for code in ["A", "B", "C", "D", "E", "F"] { _ = engine.ingest(quote(code, volume: 20_000), now: at(10, 0) + 20) }
        #expect(engine.state(of: "F")?.relativeVolume == nil)
        var few = evaluator()
        for code in ["A", "B", "C"] { _ = few.ingest(quote(code, volume: 20_000), now: at(10, 0) + 20) }
        #expect(few.state(of: "C")?.relativeVolume == nil)
    }

    /// A slot holder's trade feed brings KIS's own figure: a quote does not overwrite it while the
    /// feed speaks, and the estimate takes over once it has been silent a minute.
    @Test func theTradeFeedsOwnFigure_standsWhileItSpeaks() {
        var engine = evaluator()
        let now = at(10, 0)
        for code in ["A", "B", "C", "D", "E"] { _ = engine.ingest(quote(code, volume: 20_000), now: now) }
        _ = engine.ingest(Tick(code: "HOT", price: 10_100, open: 10_000, volume: 80_000, previousDayVolume: 40_000).trade, now: now + 11)
        #expect(engine.state(of: "HOT")?.relativeVolume == 2)
        _ = engine.ingest(quote("HOT", volume: 80_000), now: now + 30)
        #expect(engine.state(of: "HOT")?.relativeVolume == 2)
        _ = engine.ingest(quote("HOT", volume: 80_000), now: now + 75)
        #expect(abs((engine.state(of: "HOT")?.relativeVolume ?? 0) - 4) < 1e-9)
    }

    /// The day ratio of `volume_surge` now fires for a stock seen only by REST, as it does for a
    /// slot holder's trades (it never could: a quote carried no relative volume).
    @Test func aRestOnlyStock_firesTheDayRatioSurge() {
        var configuration = SignalsConfiguration.lone
        configuration.volumeBreakout.multiples = []
        var engine = evaluator(configuration)
        var fired: [TradeSignal] = []
        for minute in 0..<8 {
            let now = at(10, minute)
            for code in ["A", "B", "C", "D", "E", "F", "G"] { _ = engine.ingest(quote(code, volume: 20_000 + minute * 500), now: now) }
            // The median stock is at ~0.2 of yesterday; HOT climbs from 1× to ~4.5× that pace.
            fired += engine.ingest(quote("HOT", volume: 20_000 + minute * 10_000), now: now + 1).signals
        }
        let surge = fired.filter { $0.kind == .volumeSurge }
        #expect(surge.count == 1)
        #expect(surge.first?.source == .rest)
        #expect(surge.first?.reason.contains("of the previous day at this time") == true)
    }
}
