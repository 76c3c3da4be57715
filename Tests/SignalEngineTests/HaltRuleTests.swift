import Testing
import IPC
@testable import SignalEngine

@Suite struct HaltRuleTests {
    @Test func haltedStock_firesHalt_thenNothingElse_untilResume() {
        var evaluator = SignalEvaluator()
        var out = feed(steady(10_000, from: at(10, 0), to: at(10, 2)), into: &evaluator).signals
        out += feed(steady(10_000, from: at(10, 2, 5), to: at(10, 20), halted: true), into: &evaluator).signals
        // During the halt a VI list row and a limit-price quote: both silent.
        out += evaluator.ingest(viRow(active: true, trigger: "101000"), now: at(10, 10, 3)).signals
        out += feed([(at(10, 11), krxQuote(12_800, halted: true))], into: &evaluator).signals
        #expect(kinds(out) == ["halt"])
        #expect(out.first?.time == "2026-11-25T10:02:05+09:00" && out.first?.referencePrice == 10_000)
        let resumed = feed(steady(10_300, from: at(10, 20, 5), to: at(10, 21), halted: false), into: &evaluator).signals
        let resume = resumed.filter { $0.kind == .resume }
        #expect(resume.count == 1 && resume.first?.direction == .up && resume.first?.time == "2026-11-25T10:20:05+09:00")
        #expect(resume.first?.reason.contains("after 18.0 min") == true)
    }

    @Test func aHaltNotice_withNoPrice_firesHaltOnce_thenResume() {
        var evaluator = SignalEvaluator()
        func notice(_ halted: Bool, _ time: Double) -> [TradeSignal] {
            evaluator.ingestNotice(code: "005930", StatusObservation(isHalted: halted), now: time, source: .websocket, receivedAt: 0).signals
        }
        // Before the open, a stock never seen: the halt is news all the same.
        let halted = notice(true, at(8, 55))
        #expect(kinds(halted) == ["halt"] && halted.first?.time == "2026-11-25T08:55:00+09:00")
        #expect(notice(true, at(9, 30)).isEmpty)
        // Trades while halted (none should come; if they do) say nothing else.
        let during = feed(steady(12_000, from: at(10, 0), to: at(10, 5)), into: &evaluator).signals
        #expect(during.isEmpty)
        #expect(kinds(notice(false, at(10, 10))) == ["resume"])
    }

    @Test func websocketTrades_carryTheHaltFlag() {
        var evaluator = SignalEvaluator()
        var trade = Trade(code: "005930", time: "100000", price: 10_000, change: 0, changeRate: 0, volume: 1, cumulativeVolume: 10,
                          open: 10_000, high: 10_000, low: 10_000, ask: 10_010, bid: 10_000, receivedAt: 0)
        trade.isHalted = false
        _ = evaluator.ingest(trade, now: at(10, 0))
        trade.isHalted = true
        let halted = evaluator.ingest(trade, now: at(10, 0, 5)).signals
        let again = evaluator.ingest(trade, now: at(10, 0, 10)).signals
        #expect(kinds(halted) == ["halt"] && again.isEmpty && halted.first?.source == .websocket)
    }

    @Test func cooldown_holds_forARepeatedHalt() {
        var configuration = SignalsConfiguration()
        configuration.halt.cooldownSeconds = 3600
        var evaluator = SignalEvaluator(configuration: configuration)
        var out = feed(steady(10_000, from: at(10, 0), to: at(10, 1), halted: true), into: &evaluator).signals
        out += feed(steady(10_000, from: at(10, 1, 5), to: at(10, 2), halted: false), into: &evaluator).signals
        out += feed(steady(10_000, from: at(10, 2, 5), to: at(10, 3), halted: true), into: &evaluator).signals
        #expect(kinds(out) == ["halt", "resume"])
    }

    @Test func reopeningAuction_afterAHalt_isNoVI() {
        var evaluator = SignalEvaluator()
        var out = feed(steady(10_000, from: at(10, 0), to: at(10, 1), halted: true), into: &evaluator).signals
        // The probe says resumed; the rows then show the 10-minute reopening call (C), then trading.
        out += feed(steady(10_000, from: at(10, 30), to: at(10, 30), halted: false), into: &evaluator).signals
        out += feed(steady(10_400, from: at(10, 30, 5), to: at(10, 40), phase: "C"), into: &evaluator).signals
        out += feed(steady(10_500, from: at(10, 40, 5), to: at(10, 41)), into: &evaluator).signals
        #expect(kinds(out).filter { $0 == "halt" || $0 == "resume" || $0 == "vi" } == ["halt", "resume"])
    }
}
