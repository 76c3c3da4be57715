import Testing
import IPC
@testable import SignalEngine

@Suite struct GapRuleTests {
    /// Pre-market quotes whose expected open moves through `prices` a minute apart from 08:40.
    func expectedOpens(_ prices: [Int]) -> [(Double, Tick)] {
        prices.enumerated().map { (i, p) in (at(8, 40 + i), Tick(price: 10_000, volume: 0, expectedPrice: p)) }
    }

    @Test func expectedGap_firesOnce_atTheCrossing() {
        let out = signals(expectedOpens([10_100, 10_250, 10_320, 10_400, 10_350]), via: .rest)
        #expect(kinds(out) == ["gap"])
        #expect(out.first?.time == "2026-11-25T08:42:00+09:00")
        #expect(out.first?.direction == .up && out.first?.strength == 3.2)
        #expect(out.first?.reason.contains("expected open") == true)
    }

    @Test func noiseBelowThreshold_neverFires() {
        #expect(signals(expectedOpens([10_290, 9_710, 10_299, 9_800, 10_250]), via: .rest).isEmpty)
    }

    @Test func cooldown_suppressesARecrossing_untilItPasses() {
        var configuration = SignalsConfiguration()
        configuration.gap.cooldownSeconds = 300
        // 08:40 cross, 08:41 back, 08:42 cross again (within 5 min), 08:43–08:46 back, 08:47 cross (after).
        let out = signals(expectedOpens([10_400, 10_100, 10_400, 10_100, 10_100, 10_100, 10_100, 10_400]),
                          via: .rest, configuration: configuration)
        #expect(out.map(\.time) == ["2026-11-25T08:40:00+09:00", "2026-11-25T08:47:00+09:00"])
    }

    @Test func openGap_downward_firesAtNine_sameOnBothPaths() {
        let ticks = [(at(9, 0, 1), Tick(price: 9_600, open: 9_600, volume: 50_000)),
                     (at(9, 0, 30), Tick(price: 9_550, open: 9_600, volume: 60_000))]
        let ws = signals(ticks, via: .websocket), rest = signals(ticks, via: .rest)
        #expect(kinds(ws) == ["gap"] && ws.first?.direction == .down && ws.first?.strength == -4)
        #expect(ws.first?.source == .websocket && rest.first?.source == .rest)
        #expect(comparable(ws) == comparable(rest))
    }

    @Test func missingPreviousClose_orLateInTheDay_isSilent() {
        var tick = Tick(price: 10_500, open: 10_500, volume: 1)
        tick.previousClose = 0
        #expect(GapRule(.init()).evaluate(StockState(code: "x", day: 0), EvaluationContext(now: at(9, 1))) == nil)
        #expect(signals([(at(9, 1), Tick(price: 10_500, previousClose: 10_500, open: 10_500, volume: 1))]).isEmpty)
        #expect(signals([(at(10, 30), Tick(price: 10_500, open: 10_500, volume: 1))]).isEmpty)
    }
}
