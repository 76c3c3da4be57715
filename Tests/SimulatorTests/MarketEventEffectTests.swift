import Foundation
import Testing
@testable import Simulator

@Suite struct MarketEventEffectTests {
    @Test func openingGap_showsInTheExpectedOpenAndTheActualOpen() {
        let up = MarketEvent(id: "E1", kind: .openingGap, code: "035420", start: TestMarket.at(8, 30),
                             end: TestMarket.at(9, 10), magnitude: 8)
        let down = MarketEvent(id: "E2", kind: .openingGap, code: "263750", start: TestMarket.at(8, 30),
                               end: TestMarket.at(9, 10), magnitude: -6)
        var model = TestMarket.planted([up, down])
        _ = model.advance(to: TestMarket.at(8, 50))
        #expect(abs(model.quote("035420")!.expectedChangeRate - 8) < 1.2)
        #expect(abs(model.quote("263750")!.expectedChangeRate + 6) < 1.2)
        _ = model.advance(to: TestMarket.at(9, 0, 0.5))
        for (code, gap) in [("035420", 8.0), ("263750", -6.0)] {
            let q = model.quote(code)!
            #expect(abs(Double(q.open - q.previousClose) * 100 / Double(q.previousClose) - gap) < 1.2)
        }
        // Nobody else gaps by 3 % or more.
        for i in model.universe.listings.indices where !["035420", "263750"].contains(model.universe.listings[i].code) {
            let q = model.quote(at: i)
            guard !q.isHalted else { continue }  // halted all day: no open
            #expect(abs(Double(q.open - q.previousClose) / Double(q.previousClose)) < 0.03, "\(q.code)")
        }
    }

    /// Against the same day without the event: the surge stock trades its planted multiple (5×) more,
    /// the others exactly the same. Over several seeds (geometric mean), because a stock's own
    /// information flow and self-excitation make any one day's window noisy, as real volume is.
    @Test func volumeSurge_multipliesTheStocksVolumeDuringTheEvent_andNoOtherStocks() {
        let surge = MarketEvent(id: "E1", kind: .volumeSurge, code: "263750", start: TestMarket.at(10, 0),
                                end: TestMarket.at(10, 8), magnitude: 5)
        func windowVolumes(_ events: [MarketEvent], seed: UInt64) -> [Int64] {
            var model = TestMarket.planted(events, seed: seed)
            _ = model.advance(to: TestMarket.at(10, 0))
            let start = ["263750", "035720"].map { model.quote($0)!.cumulativeVolume }
            _ = model.advance(to: TestMarket.at(10, 8))
            return zip(["263750", "035720"], start).map { model.quote($0)!.cumulativeVolume - $1 }
        }
        var logRatios: [Double] = []
        for seed: UInt64 in [41, 7, 2026, 1, 2] {
            let with = windowVolumes([surge], seed: seed)
            let without = windowVolumes([], seed: seed)
            logRatios.append(Foundation.log(Double(with[0]) / Double(max(1, without[0]))))
            #expect(with[1] == without[1])
        }
        let ratio = Foundation.exp(logRatios.reduce(0, +) / Double(logRatios.count))
        #expect(ratio >= 3 && ratio <= 8, "geometric mean of the window volume ratios: \(ratio)")
    }

    @Test func momentumRun_movesThePriceStepwiseInItsDirection() {
        let run = MarketEvent(id: "E1", kind: .momentumRun, code: "035720", start: TestMarket.at(10, 30),
                              end: TestMarket.at(10, 42), magnitude: -5)
        var model = TestMarket.planted([run])
        _ = model.advance(to: TestMarket.at(10, 30))
        let before = model.quote("035720")!.price
        _ = model.advance(to: TestMarket.at(10, 42))
        let change = Double(model.quote("035720")!.price - before) / Double(before)
        #expect(change < -0.03 && change > -0.08)
    }

    @Test func breakout_makesANewIntradayHigh() {
        let breakout = MarketEvent(id: "E1", kind: .breakout, code: "086520", start: TestMarket.at(11, 0),
                                   end: TestMarket.at(11, 5), magnitude: 3)
        var model = TestMarket.planted([breakout])
        _ = model.advance(to: TestMarket.at(11, 0))
        let highBefore = model.quote("086520")!.high
        let volumeBefore = model.quote("086520")!.cumulativeVolume
        _ = model.advance(to: TestMarket.at(11, 5))
        let q = model.quote("086520")!
        #expect(Double(q.high) > Double(highBefore) * 1.015)
        #expect(q.highTime >= TestMarket.at(11, 0))
        #expect(q.cumulativeVolume > volumeBefore)
    }

    @Test func generatedEvents_landOnStocksOfTheModel() {
        let model = TestMarket.generated(scale: 0.1)
        #expect(!model.schedule.events.isEmpty)
        for event in model.schedule.events { #expect(model.universe.index(of: event.code) != nil) }
    }
}
