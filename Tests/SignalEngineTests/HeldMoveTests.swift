import Foundation
import Testing
import IPC
@testable import SignalEngine
import System

@Suite struct HeldMoveTests {
    func window(_ prices: [(Double, Int)]) -> RollingWindow {
        var window = RollingWindow(span: 900, resolution: 1)
        for (time, price) in prices { window.append(TapeSample(time: time, price: price, cumulativeVolume: 0)) }
        return window
    }

    @Test func priceRange_spansFromThePriceStandingAtTheStart_throughTheEnd() {
        let tape = window([(0, 100), (10, 103), (20, 99), (30, 101)])
        #expect(tape.priceRange(from: 15, through: 30)! == (low: 99, high: 103))   // 103 stood at 15
        #expect(tape.priceRange(from: 25, through: 30)! == (low: 99, high: 101))
        #expect(tape.priceRange(from: 30, through: 30)! == (low: 101, high: 101))
        #expect(tape.priceRange(from: 5, through: 12)! == (low: 100, high: 103))
        #expect(tape.priceRange(from: -50, through: 0)! == (low: 100, high: 100))   // before the tape: its oldest
        #expect(tape.priceRange(from: -50, through: -1) == nil)
    }

    func state(_ prices: [(Double, Int)]) -> StockState {
        var state = StockState(code: "005930", day: 0)
        for (time, price) in prices {
            state.apply(MarketObservation(trade: Tick(price: price, volume: 1).trade), at: at(10, 0, time))
        }
        return state
    }

    @Test func heldMove_isBetweenTheRangesHeld_andZeroWhenTheyOverlap() throws {
        // 100 → 110 in a minute, the last print 112 a tenth of a second after the second that held 110.
        let up = state([(0, 100), (30, 105), (58.5, 110), (59.5, 110), (60.1, 112)])
        // Held: from the base's high (100) to the low of the last second (110: 112 has stood for nothing).
        #expect(abs(try #require(up.heldLogReturn(overSeconds: 60, hold: 1, now: at(10, 0, 60.1))) - log(1.10)) < 1e-12)
        #expect(abs(try #require(up.heldLogReturn(overSeconds: 60, hold: 0, now: at(10, 0, 60.1))) - log(1.12)) < 1e-12)
        // Only the last second's prints, and the one standing before them: 105 stood until 58.5.
        #expect(abs(try #require(up.heldLogReturn(overSeconds: 59, hold: 1, now: at(10, 0, 59))) - log(1.05)) < 1e-12)
        // A print taken back: 100 … 100, one print at 110, back to 100 at the next: nothing held.
        let spike = state([(-30, 100), (0, 100), (30, 100), (59.5, 110), (60.1, 100)])
        #expect(spike.heldLogReturn(overSeconds: 60, hold: 1, now: at(10, 0, 59.5)) == 0)
        #expect(spike.heldLogReturn(overSeconds: 60, hold: 1, now: at(10, 0, 60.1)) == 0)
        #expect(spike.heldLogReturn(overSeconds: 60, hold: 0, now: at(10, 0, 59.5)).map { abs($0 - log(1.1)) < 1e-12 } == true)
        // Down is the mirror: from the base's low to the recent high.
        let down = state([(-10, 100), (0, 98), (59, 90), (60.5, 91)])
        #expect(abs(try #require(down.heldLogReturn(overSeconds: 60, hold: 1, now: at(10, 0, 60.5))) - log(91.0 / 98)) < 1e-12)
    }

    @Test func theTape_reachesTheLongestWindowAndItsBaseline_andStaysBounded() {
        let configuration = SignalsConfiguration()
        // 15 minutes, the 10 before them for the volume pace, and a minute's margin.
        #expect(configuration.tapeSeconds == 26 * 60)
        var state = StockState(code: "005930", day: 0, tapeSpan: configuration.tapeSeconds)
        for i in 0..<(4 * 3600) {   // a trade every quarter second for an hour
            state.apply(MarketObservation(trade: Tick(price: 10_000 + i % 7, volume: i).trade), at: at(10, 0, Double(i) / 4))
        }
        let last = state.tape.last!.time
        #expect(state.tape.count <= 26 * 60 + 2)
        #expect(state.tape[0].time >= last - 26 * 60 - 1)
        #expect(state.returnPercent(overSeconds: 25 * 60, now: last) != nil)
    }

    @Test func windowsAndHold_outsideTheirRange_areAConfigurationError() throws {
        try SignalsConfiguration.Momentum().validate()
        for (windows, hold) in [([3.0, 0], 1.0), ([45.0], 1.0), ([3.0], -1.0), ([3.0], 120.0), ([Double.nan], 1.0)] {
            var momentum = SignalsConfiguration.Momentum()
            momentum.windowsMinutes = windows; momentum.holdSeconds = hold
            let error = #expect(throws: ExitError.self) { try momentum.validate() }
            #expect(error?.code == .configuration)
            #expect(error.map { "\($0)".contains("signals.momentum.") } == true)
        }
    }
}
