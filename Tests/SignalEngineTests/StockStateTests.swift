import Testing
import IPC
@testable import SignalEngine

@Suite struct StockStateTests {
    @Test func tradeAndQuote_ofTheSameData_giveTheSameState() {
        let tick = Tick(price: 10_350, open: 10_100, high: 10_400, low: 10_050, volume: 250_000, previousDayVolume: 100_000)
        var fromTrade = StockState(code: "005930", day: 0), fromQuote = StockState(code: "005930", day: 0)
        fromTrade.apply(MarketObservation(trade: tick.trade), at: at(10, 0))
        fromQuote.apply(MarketObservation(quote: tick.quote), at: at(10, 0))
        #expect(fromTrade.previousClose == 10_000 && fromQuote.previousClose == 10_000)
        #expect(fromTrade.open == fromQuote.open && fromTrade.high == fromQuote.high && fromTrade.low == fromQuote.low)
        #expect(fromTrade.cumulativeVolume == fromQuote.cumulativeVolume)
        #expect(fromTrade.previousDayVolume == 100_000 && fromQuote.previousDayVolume == 100_000)
        #expect(abs(fromTrade.relativeVolume! - fromQuote.relativeVolume!) < 1e-9)
        #expect(fromTrade.lastSource == .websocket && fromQuote.lastSource == .rest)
    }

    @Test func beforeTheOpen_onlyTheExpectedPriceCounts() {
        var state = StockState(code: "005930", day: 0)
        state.apply(MarketObservation(quote: Tick(price: 10_000, volume: 0, expectedPrice: 10_450).quote), at: at(8, 50))
        #expect(state.expectedPrice == 10_450)
        #expect(state.price == nil && state.open == nil && state.tape.count == 0)
    }

    @Test func missingPreviousDayData_leavesRelativeVolumeUnknown() {
        var state = StockState(code: "005930", day: 0)
        state.apply(MarketObservation(trade: Tick(price: 10_000, volume: 5_000).trade), at: at(9, 5))
        #expect(state.relativeVolume == nil && state.previousDayVolume == nil)
    }

    @Test func volumeRate_isThePaceBeforeAWindow_fromTheOldestSampleWhenTheTapeIsShort() {
        var state = StockState(code: "005930", day: 0)
        // 100 shares a minute 09:00–09:20, then 1,000 a minute to 09:22.
        var volume = 0
        for minute in 0...22 {
            volume += minute <= 20 ? 100 : 1_000
            state.apply(MarketObservation(trade: Tick(price: 10_000, volume: volume).trade), at: at(9, minute))
        }
        #expect(state.volumeRate(perMinuteBefore: 120, span: 600, now: at(9, 22), minimumSpan: 120) == 100)
        // At 09:04 the tape reaches back to 09:00 only: the pace of 09:00–09:02 (2 minutes).
        var early = StockState(code: "005930", day: 0)
        for minute in 0...4 { early.apply(MarketObservation(trade: Tick(price: 10_000, volume: 100 * (minute + 1)).trade), at: at(9, minute)) }
        #expect(early.volumeRate(perMinuteBefore: 120, span: 600, now: at(9, 4), minimumSpan: 120) == 100)
        #expect(early.volumeRate(perMinuteBefore: 180, span: 600, now: at(9, 4), minimumSpan: 120) == nil)
    }

    @Test func busiestMinuteVolume_isTheLargestMinuteBeforeAWindow() {
        var state = StockState(code: "005930", day: 0)
        var volume = 0
        for (minute, traded) in [100, 100, 900, 100, 100, 100, 5_000, 5_000].enumerated() {
            volume += traded
            state.apply(MarketObservation(trade: Tick(price: 10_000, volume: volume).trade), at: at(9, minute))
        }
        // Minutes ending 09:05, 09:04, … 09:01 (the window is 09:05–09:07): 09:01–09:02 traded 900.
        #expect(state.busiestMinuteVolume(before: 120, span: 300, now: at(9, 7)) == 900)
        #expect(state.busiestMinuteVolume(before: 120, span: 30, now: at(9, 7)) == nil)
    }

    @Test func windows_returnAndVolume_overTheTape() {
        var state = StockState(code: "005930", day: 0)
        for (time, tick) in calmTape(from: at(9, 0), to: at(9, 10), step: 60, volumePerStep: 100) {
            state.apply(MarketObservation(trade: tick.trade), at: time)
        }
        state.apply(MarketObservation(trade: Tick(price: 10_200, volume: 2_100).trade), at: at(9, 11))
        #expect(state.volume(overSeconds: 60, now: at(9, 11)) == 1_000)
        #expect(state.returnPercent(overSeconds: 60, now: at(9, 11))! > 1.79)  // 10,020 → 10,200
        #expect(state.averageVolume(perSeconds: 60, now: at(9, 11)) == 110)
    }
}
