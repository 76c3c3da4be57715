import Foundation
import Testing
@testable import Simulator

/// Large marketable orders sweeping the book (issue 15, dynamic VI): the power-law size tail, the
/// level-by-level walk, the book's shape, scale and refill, and the model's use of them.
@Suite struct OrderSweepTests {
    /// A flat book: `perLevel` shares at every tick.
    static func flat(_ perLevel: Int64) -> (Int) -> Int64 { { _ in perLevel } }

    @Test func sizeTail_isParetoWithExponentOneAndAHalf_andMeanOne() {
        #expect(OrderSweep.exceedance(1.0 / 3) == 1)
        #expect(abs(OrderSweep.exceedance(3) - Foundation.pow(9, -1.5)) < 1e-12)
        // A seeded sample of the whole distribution (threshold = x_min): the tail beyond 10 and 100 mean sizes.
        var g = SeededGenerator(seed: 7)
        let n = 400_000
        var beyond10 = 0, beyond100 = 0
        for _ in 0..<n {
            let q = OrderSweep.size(above: 1.0 / 3, unit: 1 - g.nextUnit())
            if q > 10 { beyond10 += 1 }
            if q > 100 { beyond100 += 1 }
        }
        let p10 = Double(beyond10) / Double(n), p100 = Double(beyond100) / Double(n)
        #expect(abs(p10 / OrderSweep.exceedance(10) - 1) < 0.05, "P(q > 10) = \(p10)")
        #expect(abs(p100 / OrderSweep.exceedance(100) - 1) < 0.2, "P(q > 100) = \(p100)")
        // Ten times larger orders are 10^1.5 ≈ 31.6 times rarer.
        #expect(abs(p10 / p100 - Foundation.pow(10, 1.5)) < 7)
    }

    @Test func volumeShare_isThePartialMeanOfTheTail() {
        #expect(OrderSweep.volumeShare(above: 0.2) == 1)
        // x × P(q > x) × 3 = (3x)^−½.
        #expect(abs(OrderSweep.volumeShare(above: 3) - 1.0 / 3) < 1e-12)
        #expect(abs(OrderSweep.volumeShare(above: 300) - 1.0 / 30) < 1e-12)
    }

    @Test func aSweep_printsAtTheLastLevelItConsumes() {
        let out = OrderSweep.walk(quantity: 250, isBuy: true, best: 10_010, limit: 13_000, lastPrice: 10_000,
                                  staticReference: 10_000, dynamicPermille: 60, levelQuantity: Self.flat(100))
        #expect(out == OrderSweep.Outcome(price: 10_030, filled: 250, levels: 3, trigger: nil))
        let sell = OrderSweep.walk(quantity: 100, isBuy: false, best: 9_990, limit: 7_000, lastPrice: 10_000,
                                   staticReference: 10_000, dynamicPermille: 60, levelQuantity: Self.flat(100))
        #expect(sell == OrderSweep.Outcome(price: 9_990, filled: 100, levels: 1, trigger: nil))
    }

    @Test func aSweepThroughTheBand_triggersADynamicVI_atTheFirstLevelBeyondIt() {
        // 6 % above 10,000 is 10,600: the levels 10,010…10,590 (59 of them) print, 10,600 would trigger.
        let other = OrderSweep.walk(quantity: 1_000_000, isBuy: true, best: 10_010, limit: 13_000, lastPrice: 10_000,
                                    staticReference: 10_000, dynamicPermille: 60, levelQuantity: Self.flat(100))
        #expect(other == OrderSweep.Outcome(price: 10_600, filled: 5_900, levels: 59, trigger: .dynamic))
        // KOSPI200: 3 %, and downwards.
        let large = OrderSweep.walk(quantity: 1_000_000, isBuy: false, best: 9_990, limit: 7_000, lastPrice: 10_000,
                                    staticReference: 10_000, dynamicPermille: 30, levelQuantity: Self.flat(100))
        #expect(large.trigger == .dynamic && large.price == 9_700 && large.levels == 29)
        // Just short of the band: no VI.
        let short = OrderSweep.walk(quantity: 5_900, isBuy: true, best: 10_010, limit: 13_000, lastPrice: 10_000,
                                    staticReference: 10_000, dynamicPermille: 60, levelQuantity: Self.flat(100))
        #expect(short.trigger == nil && short.price == 10_590)
    }

    @Test func aSweep_nearTheStaticBand_triggersStatic_andStopsAtTheLimit() {
        let nearStatic = OrderSweep.walk(quantity: 1_000_000, isBuy: true, best: 10_010, limit: 13_000, lastPrice: 10_000,
                                         staticReference: 9_500, dynamicPermille: 60, levelQuantity: Self.flat(100))
        #expect(nearStatic.trigger == .static && nearStatic.price == 10_450)
        let atLimit = OrderSweep.walk(quantity: 1_000_000, isBuy: true, best: 10_010, limit: 10_050, lastPrice: 10_000,
                                      staticReference: 10_000, dynamicPermille: 60, levelQuantity: Self.flat(100))
        #expect(atLimit == OrderSweep.Outcome(price: 10_050, filled: 500, levels: 5, trigger: nil))
    }

    @Test func theBook_growsAwayFromTheBest_scalesWithCapitalisation_andRefills() {
        let mid = OrderBookDepth.scale(meanTradeSize: 100, capitalization: 1e11)
        #expect(mid == 400)
        let big = OrderBookDepth.scale(meanTradeSize: 100, capitalization: 1e13)
        #expect(abs(big / mid - Foundation.pow(100, 0.4)) < 1e-9)
        #expect(OrderBookDepth.scale(meanTradeSize: 100, capitalization: 1e6) == 100 * 4 * 0.3)
        #expect(OrderBookDepth.quantity(scale: 400, level: 0, unit: 0.5) == 360)
        #expect(OrderBookDepth.quantity(scale: 400, level: 4, unit: 0.5) == 720)
        #expect(OrderBookDepth.quantity(scale: 400, level: 4, unit: 0.5, refill: 0.5) == 360)
        #expect(abs(OrderBookDepth.expectedDepth(scale: 400, levels: 10) - 400 * 1.1 * 21.25) < 1e-9)
        #expect(OrderBookDepth.refill(elapsed: 0) < 0.05)
        #expect(abs(OrderBookDepth.refill(elapsed: 30) - (1 - Foundation.exp(-1))) < 1e-12)
        #expect(OrderBookDepth.refill(elapsed: 300) > 0.9999)
        #expect(OrderBookDepth.refill(elapsed: -1) == 1)
    }

    /// A model stock's order walks the same levels the published book shows, the swept side then shows
    /// a thin, refilling book, and a huge order stops at the first level at a VI band (±6 %, ±10 %).
    @Test func theModelsSweep_walksThePublishedBook_andTheSideRefills() throws {
        var model = KRXMechanicsTests.quiet()
        let code = KRXMechanicsTests.stock(model, kospi200: false)
        let i = try #require(model.index(of: code))
        let t = TestMarket.at(10, 0)
        _ = model.advance(to: t)
        let before = try #require(model.orderBook(code))
        // A modest order: exactly the first three published ask levels.
        let three = before.asks.prefix(3).reduce(0) { $0 + $1.quantity }
        let unitForThree = Foundation.pow(Double(three) / model.sweepThreshold[i], -OrderSweep.tailExponent)
        var plan = StepPlan()
        let move = model.sweep(i, &plan, unit: unitForThree, isBuy: true, at: t)
        #expect(plan.sweepTrigger == nil)
        #expect(plan.sweepPrice == before.asks[2].price && plan.sweepQuantity == three)
        #expect(move > 0)
        let after = try #require(model.orderBook(code))
        #expect(after.totalAskQuantity < before.totalAskQuantity / 10, "the swept side is thin right after")
        _ = model.advance(to: t + 600)
        let later = try #require(model.orderBook(code))
        #expect(later.totalAskQuantity > after.totalAskQuantity * 5, "and refilled ten minutes later")
        // A huge order: the dynamic VI at the first price 6 % or more above the last trade.
        var huge = StepPlan()
        let last = model.price[i]
        _ = model.sweep(i, &huge, unit: 1e-9, isBuy: false, at: t + 600)
        let staticReference = model.viReference[i]
        func triggers(_ p: Int) -> VIKind? {
            VolatilityInterruption.trigger(price: p, staticReference: staticReference, lastPrice: last, dynamicPermille: 60)
        }
        let trigger = try #require(huge.sweepTrigger)
        #expect(trigger == triggers(huge.sweepPrice))
        #expect(triggers(KRXRules.nextTickUp(from: huge.sweepPrice)) == nil, "the level before it was inside both bands")
        #expect(huge.sweepQuantity == 0)
    }

    /// Over a quiet day (no planted events, no limit runs), sweeps alone produce dynamic VIs, mostly on
    /// listings outside KOSPI200, the same ones for the same seed, and each one starts at a price beyond
    /// its band from the previous print.
    @Test func sweeps_causeDynamicVIs_deterministicallyPerSeed() {
        func day() -> (MarketModel, [VIRecord]) {
            var model = KRXMechanicsTests.quiet(seed: 99)
            _ = model.advance(to: KRXRules.closingAuctionStart)
            return (model, model.viRecords().map(\.record))
        }
        let (model, first) = day()
        let (_, second) = day()
        #expect(first == second)
        let dynamic = model.viRecords().filter { $0.record.kind == .dynamic }
        #expect(!dynamic.isEmpty, "no dynamic VI on a quiet day of \(model.universe.count) stocks")
        for (code, _, vi) in dynamic {
            let band = model.universe.listings.first { $0.code == code }!.isKOSPI200 ? 30 : 60
            #expect(VolatilityInterruption.breaches(vi.triggerPrice, reference: vi.dynamicReference, permille: band))
        }
    }
}
