import Foundation
import Testing
import System
@testable import SignalEngine

/// `ForwardOutcome`: signals judged by the minute closes that followed them.
@Suite struct ForwardOutcomeTests {
    let nine = 9.0 * 3600

    /// A random walk of minute closes for `code` over the whole day (1-minute σ 0.3 %).
    func walk(_ code: String, seed: UInt64, into closes: inout MinuteCloses) {
        var generator = SplitMix64(seed: seed)
        var level = 10_000.0
        for minute in 0..<MinuteCloses.minutes {
            level *= exp(0.003 * gaussian(&generator))
            closes.observe(code: code, price: Int(level.rounded()), secondOfDay: nine + Double(minute) * 60 + 59)
        }
    }

    @Test func signalsAtRandomTimes_haveNoEdge_andFollowedMoves_do() {
        var closes = MinuteCloses()
        var generator = SplitMix64(seed: 11)
        var random: [ForwardOutcome.Signal] = []
        for s in 0..<200 {
            walk("S\(s)", seed: UInt64(s), into: &closes)
            for _ in 0..<5 {
                random.append(.init(code: "S\(s)", kind: "momentum", sign: generator.next() % 2 == 0 ? 1 : -1,
                                    secondOfDay: nine + Double(generator.next() % 350) * 60))
            }
        }
        let noise = ForwardOutcome.judge(random, closes: closes, lastMinute: MinuteCloses.minutes - 1).byKind["momentum"]!
        // 1,000 signals: the edge's standard error is about 1/√1000 ≈ 0.03 σ.
        #expect(abs(noise.at(15)!.edgeSigma) < 0.1, "\(noise)")
        #expect(abs(noise.at(15)!.hitRate - 0.5) < 0.06)

        // A stock that rises 3 % in the 15 minutes after each of its signals: every one a hit.
        var closes2 = closes
        let base = Double(closes.close(of: "S0", minute: 99)!)
        for minute in 100...114 {
            closes2.observe(code: "S0", price: Int(base * (1 + 0.002 * Double(minute - 99))), secondOfDay: nine + Double(minute) * 60 + 59)
        }
        let up = [ForwardOutcome.Signal(code: "S0", kind: "breakout", sign: 1, secondOfDay: nine + 99 * 60 + 30)]
        let followed = ForwardOutcome.judge(up, closes: closes2, lastMinute: MinuteCloses.minutes - 1).byKind["breakout"]!
        #expect(followed.at(15)?.hitRate == 1)
        #expect((followed.at(15)?.edgeSigma ?? 0) > 1)
        // A down signal on the same rise misses.
        let down = [ForwardOutcome.Signal(code: "S0", kind: "breakout", sign: -1, secondOfDay: nine + 99 * 60 + 30)]
        #expect(ForwardOutcome.judge(down, closes: closes2, lastMinute: MinuteCloses.minutes - 1).byKind["breakout"]?.at(15)?.hitRate == 0)
    }

    @Test func entry_isAfterTheSignal_beforeTheOpenAtTheFirstMinute_andExitsPastTheLastMinuteAreLeftOut() {
        var closes = MinuteCloses()
        // Before 09:00 nothing is kept (the auction's prices are no entry).
        closes.observe(code: "A", price: 9_000, secondOfDay: nine - 60)
        for minute in 0..<40 { closes.observe(code: "A", price: 10_000 + minute * 10, secondOfDay: nine + Double(minute) * 60 + 1) }
        #expect(closes.close(of: "A", minute: 0) == 10_000)
        let report = ForwardOutcome.judge([.init(code: "A", kind: "gap", sign: 1, secondOfDay: nine - 300)], closes: closes, lastMinute: 20)
        let gap = report.byKind["gap"]!
        #expect(gap.signals == 1)
        #expect(gap.at(5)?.meanReturnPercent == 0.5)           // 10,000 → 10,050
        #expect(gap.at(15)?.count == 1 && gap.at(30) == nil)   // minute 30 is past the last (20)
        #expect(report.byKindAndHour["gap"]?["08"]?.signals == 1)
    }
}
