import Foundation
import Testing
@testable import SignalEngine

/// `ReturnVariance`: minute closes, returns spanning empty minutes, leaving out a recent window.
@Suite struct ReturnVarianceTests {
    /// Minute closes `prices` at 09:00, 09:01, … (one observation each, mid-minute).
    func variance(_ prices: [Int], keep: Int = 20) -> ReturnVariance {
        var v = ReturnVariance(keep: keep)
        for (i, price) in prices.enumerated() { v.observe(price: price, at: at(9, i, 30)) }
        return v
    }

    @Test func perMinute_isTheMeanSquaredLogReturn_ofClosedMinutes() throws {
        // Closes 100, 101, 100, 101: three returns of ±ln(1.01)-ish; the last minute is still open.
        let v = variance([10_000, 10_100, 10_000, 10_100, 10_000])
        let estimate = try #require(v.perMinute(asOf: at(9, 5)))
        let up = log(1.01), down = log(10_000.0 / 10_100)
        #expect(estimate.minutes == 3)
        #expect(abs(estimate.variance - (up * up + down * down + up * up) / 3) < 1e-12)
    }

    @Test func laterPrices_inTheSameMinute_setItsClose() throws {
        var v = ReturnVariance()
        v.observe(price: 10_000, at: at(9, 0, 10))
        v.observe(price: 10_000, at: at(9, 1, 10))
        v.observe(price: 10_500, at: at(9, 1, 20))
        v.observe(price: 10_200, at: at(9, 1, 50))   // 09:01's close
        v.observe(price: 10_200, at: at(9, 2, 5))
        let estimate = try #require(v.perMinute(asOf: at(9, 3)))
        #expect(abs(estimate.variance - pow(log(1.02), 2)) < 1e-12)
    }

    @Test func aReturnOverEmptyMinutes_countsForEveryMinuteItSpans() throws {
        var v = ReturnVariance()
        v.observe(price: 10_000, at: at(9, 0, 30))
        v.observe(price: 10_000, at: at(9, 1, 30))
        v.observe(price: 10_300, at: at(9, 4, 30))    // no data 09:02–09:03
        v.observe(price: 10_300, at: at(9, 5, 30))
        // 09:00 → 09:01 (one minute, flat), 09:01 → 09:04 (+3 % over three minutes).
        let estimate = try #require(v.perMinute(asOf: at(9, 6)))
        #expect(estimate.minutes == 4)
        #expect(abs(estimate.variance - pow(log(1.03), 2) / 4) < 1e-12)
    }

    @Test func asOf_leavesOutMinutesClosedLater() throws {
        // Quiet until 09:10, then a 5 % jump: judged as of 09:10 the jump is not in the yardstick.
        let v = variance(Array(repeating: 10_000, count: 10) + [10_500, 10_500, 10_500])
        #expect(v.perMinute(asOf: at(9, 10))?.variance == 0)
        #expect(try #require(v.perMinute(asOf: at(9, 13))).variance > 0)
    }

    @Test func nil_beforeAnyMinuteClosed_orOlderThanTheSnapshotsKept() {
        #expect(variance([10_000]).perMinute(asOf: at(9, 5)) == nil)
        #expect(variance([10_000, 10_100, 10_200]).perMinute(asOf: at(9, 1)) == nil)   // nothing closed by 09:01
        let short = variance(Array(repeating: 10_000, count: 30), keep: 5)
        #expect(short.perMinute(asOf: at(9, 10)) == nil)
        #expect(short.perMinute(asOf: at(9, 30))?.minutes == 28)
    }

    @Test func standardDeviation_scalesWithTheSquareRootOfTime_andNeedsHistory() throws {
        let v = variance([10_000, 10_100, 10_000, 10_100, 10_000, 10_100, 10_000, 10_100])
        let one = try #require(v.standardDeviation(overSeconds: 60, asOf: at(9, 8), minimumMinutes: 5))
        let four = try #require(v.standardDeviation(overSeconds: 240, asOf: at(9, 8), minimumMinutes: 5))
        #expect(abs(four - 2 * one) < 1e-12)
        #expect(v.standardDeviation(overSeconds: 60, asOf: at(9, 8), minimumMinutes: 10) == nil)
    }
}
