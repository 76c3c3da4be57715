import Foundation
import Testing
import System
@testable import SignalEngine

/// A pool judges a stock's minute by the market's samples of two minutes before and earlier, folded
/// in a fixed order: the same market data read in another order (a pipeline reads its WebSocket
/// trades and REST batches interleaved as they happen to come) gives the same calibrations.
@Suite struct NullBookOrderTests {
    static let stocks = 600, minutes = 12

    /// Every stock's sample of every minute (heavy-tailed, so that the pools' tails get fits), with a
    /// calibration of its own once it has 5 samples, as the evaluator folds them.
    static func market(seed: UInt64) -> [[Double]] {
        var generator = SplitMix64(seed: seed)
        return (0..<minutes).map { _ in (0..<stocks).map { _ in studentT(3, &generator) } }
    }

    /// Feeds the market minute by minute, each minute's stocks in the order `order(minute)`, and
    /// returns every stock's calibration of every minute (asked as the stock's minute begins).
    static func calibrations(_ market: [[Double]], order: (Int) -> [Int]) -> [[NullCalibration?]] {
        var configuration = SignalsConfiguration.Budget()
        configuration.universeStocks = stocks
        configuration.minimumHistory = 1_000    // every stock on its pool: the pool is what is tested
        configuration.minimumPoolSamples = 50
        configuration.tailShape = .pooled
        var book = NullBook(rules: [NullOnlyRule()], budget: FalseAlarmBudget(configuration))
        var own = Array(repeating: NullDistribution(), count: stocks)
        var out = Array(repeating: Array(repeating: NullCalibration?.none, count: stocks), count: minutes)
        let codes = (0..<stocks).map { String(format: "%06d", $0) }
        for minute in 0..<minutes {
            for s in order(minute) {
                book.advance(to: minute)
                let calibration = book.calibration(rule: 0, channel: 0, own: own[s], market: "", band: s % 3, minute: minute)
                out[minute][s] = calibration
                let standardizing = NullCalibration(location: 0, scale: 1, critical: 4, tail: .both)
                book.observe(market[minute][s], rule: 0, channel: 0, own: &own[s], market: "", band: s % 3,
                             calibration: standardizing, code: codes[s], minute: minute)
            }
        }
        return out
    }

    @Test func theSameSamplesInAnotherOrder_giveTheSameCalibrations() {
        let market = Self.market(seed: 3)
        let inOrder = Self.calibrations(market) { _ in Array(0..<Self.stocks) }
        var generator = SplitMix64(seed: 4)
        let shuffled = Self.calibrations(market) { _ in
            var order = Array(0..<Self.stocks)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
            return order
        }
        #expect(inOrder == shuffled)
        // And the pools did judge: by their location and scale from minute 2, their tail's fit soon after.
        #expect(inOrder[1].allSatisfy { $0 == nil }, "a minute's own samples, or the last minute's, judged it")
        #expect(inOrder[2].allSatisfy { $0?.isPooled == true })
        #expect(inOrder[Self.minutes - 1].allSatisfy { $0?.fit != nil })
    }

    /// A minute's samples reach its pool two minutes on, not before; and data a minute late (a stock
    /// whose minute begins after another stock's next minute was asked) is judged by its own
    /// minute's pool, not the newer one.
    @Test func aPoolLagsTwoMinutes_andLateDataIsJudgedByItsOwnMinutesPool() {
        var configuration = SignalsConfiguration.Budget()
        configuration.minimumHistory = 1_000
        configuration.minimumPoolSamples = 2
        var book = NullBook(rules: [NullOnlyRule()], budget: FalseAlarmBudget(configuration))
        var own = NullDistribution()
        for (minute, values) in [(10, [1.0, 3.0]), (11, [10.0, 30.0])] {
            for (i, value) in values.enumerated() {
                book.observe(value, rule: 0, channel: 0, own: &own, market: "", band: 0, code: "\(i)", minute: minute)
            }
        }
        book.advance(to: 11)
        #expect(book.calibration(rule: 0, channel: 0, own: nil, market: "", band: 0, minute: 11) == nil)
        book.advance(to: 13)
        let latest = book.calibration(rule: 0, channel: 0, own: nil, market: "", band: 0, minute: 13)
        #expect(latest?.location == 11, "minutes 10 and 11: \(String(describing: latest))")
        let late = book.calibration(rule: 0, channel: 0, own: nil, market: "", band: 0, minute: 12)
        #expect(late?.location == 2, "minute 10 alone: \(String(describing: late))")
    }
}
