import Foundation
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

    @Test func afterARestart_theDaysPaceAndRange_standInForTheLostHistory() throws {
        // A state begun at 10:00 (the component restarted): the quote carries the day so far,
        // 600,000 shares since 09:00 and a 9,800–10,200 range.
        var state = StockState(code: "005930", day: 0)
        for (i, minute) in (0...3).enumerated() {
            let tick = Tick(price: 10_000, high: 10_200, low: 9_800, volume: 600_000 + 1_000 * i)
            state.apply(MarketObservation(quote: tick.quote), at: at(10, minute))
        }
        // The tape covers 3 minutes: no 2-minute pace before a 2-minute window, so the day's pace.
        #expect(state.volumeRate(perMinuteBefore: 120, span: 600, now: at(10, 3), minimumSpan: 120) == 601_000.0 / 3660 * 60)
        let deviation = try #require(state.returnDeviation(overSeconds: 300, asOf: at(10, 3), minimumMinutes: 5))
        let range = log(10_200.0 / 9_800)
        #expect(abs(deviation - (range * range / (4 * log(2.0)) / 63 * 5).squareRoot()) < 1e-12)
        // In the session's first 15 minutes the day is mostly the open: no stand-ins.
        var early = StockState(code: "005930", day: 0)
        early.apply(MarketObservation(quote: Tick(price: 10_000, high: 10_200, low: 9_800, volume: 50_000).quote), at: at(9, 10))
        early.apply(MarketObservation(quote: Tick(price: 10_000, high: 10_200, low: 9_800, volume: 51_000).quote), at: at(9, 11))
        #expect(early.volumeRate(perMinuteBefore: 60, span: 600, now: at(9, 11), minimumSpan: 120) == nil)
        #expect(early.returnDeviation(overSeconds: 300, asOf: at(9, 11), minimumMinutes: 5) == nil)
    }

    @Test func minuteVolumes_areWholeMinutesBackFromAPoint_asFarAsTheTapeReaches() {
        var state = StockState(code: "005930", day: 0)
        var volume = 0
        for (minute, traded) in [100, 100, 900, 100, 100, 100, 5_000, 5_000].enumerated() {
            volume += traded
            state.apply(MarketObservation(trade: Tick(price: 10_000, volume: volume).trade), at: at(9, minute))
        }
        // The window 09:05–09:07, then the minutes ending 09:05, 09:04, … back to the first sample (09:00).
        #expect(state.minuteVolumes(count: 2, now: at(9, 7)) == [5_000, 5_000])
        #expect(state.minuteVolumes(count: 3, before: 120, now: at(9, 7)) == [100, 100, 100])
        #expect(state.minuteVolumes(count: 10, before: 120, now: at(9, 7)) == [100, 100, 100, 900, 100])
        // Between samples the cumulative volume stands at the last one (a REST quote's): 09:01:30–09:02:30
        // reads 09:01's and 09:02's.
        #expect(state.minuteVolumes(count: 1, now: at(9, 2, 30)) == [900])
        #expect(state.minuteVolumes(count: 1, now: at(8, 59)).isEmpty)
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
