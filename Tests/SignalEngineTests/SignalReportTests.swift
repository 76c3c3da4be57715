import Testing
import IPC
@testable import SignalEngine

@Suite struct SignalReportTests {
    func outcome(_ kind: String, _ window: StrategyWindow, _ direction: String, entry: Int, exit: Int, best: Double) -> SignalOutcome {
        SignalOutcome(code: "005930", kind: kind, window: window.rawValue, direction: direction, entryTime: at(9, 10),
                      entryPrice: entry, exitPrice: exit, maxFavorablePercent: best, maxAdversePercent: 0, isClosed: true)
    }

    /// By hand: returns +2, −1 (gap), +2 (volume breakout, short), −1 (momentum); target 1 %.
    @Test func report_matchesAHandComputedDay() throws {
        let outcomes = [
            outcome("gap", .gapFocus, "up", entry: 10_000, exit: 10_200, best: 2.5),
            outcome("gap", .gapFocus, "up", entry: 10_000, exit: 9_900, best: 0.5),
            outcome("volume_breakout", .leaders, "down", entry: 20_000, exit: 19_600, best: 2.0),
            outcome("momentum", .leaders, "up", entry: 5_000, exit: 4_950, best: 1.0),
        ]
        let report = SignalReport.make(outcomes: outcomes, now: at(10, 30), targetPercent: 1, horizonMinutes: 10)
        #expect(report.hours == 2)
        #expect(report.total.count == 4 && report.total.signalsPerHour == 2 && report.total.hits == 3)
        #expect(report.total.hitRate == 0.75 && report.total.profitFactor == 2 && report.total.netReturnPercent == 2)
        let gap = try #require(report.byKind["gap"])
        #expect(gap.count == 2 && gap.signalsPerHour == 1 && gap.hitRate == 0.5 && gap.profitFactor == 2)
        #expect(gap.netReturnPercent == 1 && gap.contributionPercent == 50)
        #expect(report.byKind["volume_breakout"]?.profitFactor == nil && report.byKind["volume_breakout"]?.contributionPercent == 100)
        #expect(report.byKind["momentum"]?.profitFactor == 0 && report.byKind["momentum"]?.contributionPercent == -50)
        #expect(report.byWindow["gap_focus"]?.signalsPerHour == 4)   // 2 signals in 0.5 h
        #expect(report.byWindow["leaders"]?.signalsPerHour == 2)     // 2 signals in 09:30–10:30
        #expect(report.byWindow["volume_watch"] == nil)
    }

    @Test func tracker_followsWithinTheHorizonOnly() {
        var tracker = SignalOutcomeTracker(horizonMinutes: 10)
        let signal = TradeSignal(time: "", code: "005930", name: "", kind: .momentum, direction: .up, strength: 2,
                                 price: 10_000, changeRate: 0, volume: 0, source: .rest, tier: 0, dataAgeSeconds: 0,
                                 reason: "", receivedAt: 0)
        tracker.record(signal, window: .leaders, at: at(10, 0))
        tracker.observe(code: "005930", price: 10_150, at: at(10, 2))
        tracker.observe(code: "000660", price: 1, at: at(10, 3))
        tracker.observe(code: "005930", price: 9_950, at: at(10, 5))
        tracker.observe(code: "005930", price: 10_500, at: at(10, 11))
        let outcome = tracker.outcomes[0]
        #expect(outcome.isClosed && outcome.exitPrice == 9_950)
        #expect(outcome.maxFavorablePercent == 1.5 && outcome.maxAdversePercent == -0.5 && outcome.returnPercent == -0.5)
    }

    @Test func evaluator_report_followsItsOwnSignals() {
        var evaluator = SignalEvaluator()
        var tape = TapeBuilder(from: at(9, 0))
        tape.calm(until: at(10, 0))
        tape.move(to: 10_200, steps: 6, volumePerStep: 20_000)   // momentum up at 10:00:50 (~10,167)
        tape.move(to: 10_400, steps: 6, volumePerStep: 5_000)    // keeps rising: a hit
        _ = feed(tape.ticks, via: .websocket, into: &evaluator)
        let report = evaluator.report(now: at(10, 30))
        #expect(report.byKind["momentum"]?.count == 1 && report.byKind["momentum"]?.hits == 1)
        #expect(report.byWindow["leaders"]?.count == report.total.count)
    }
}
