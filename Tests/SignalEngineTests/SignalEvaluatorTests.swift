import Testing
import IPC
@testable import SignalEngine

@Suite struct SignalEvaluatorTests {
    /// A day with a gap, a volume surge, a volume breakout, momentum and a breakout.
    static func busyDay() -> [(Double, Tick)] {
        var tape = TapeBuilder(from: at(9, 0), price: 10_400)
        tape.open = 10_400
        tape.calm(until: at(10, 0), volumePerStep: 3_000)
        tape.move(to: 10_700, steps: 6, volumePerStep: 60_000)
        tape.calm(until: at(10, 30), volumePerStep: 3_000)
        return tape.ticks.map { (time, tick) in
            var tick = tick
            tick.previousDayVolume = tick.volume / 4   // 4× the previous day all along
            return (time, tick)
        }
    }

    /// The one deliberate difference between the feeds is momentum's hold on the trades (a print
    /// counts once the next one kept it; a quote is taken as it stands: `MomentumRuleTests`), so the
    /// paths are compared without it.
    static var unheld: SignalsConfiguration {
        var configuration = SignalsConfiguration()
        configuration.momentum.holdSeconds = 0
        return configuration
    }

    @Test func restOnly_andWebSocketOnly_giveTheSameSignals_forTheSameData() {
        let ws = signals(Self.busyDay(), via: .websocket, configuration: Self.unheld)
        let rest = signals(Self.busyDay(), via: .rest, configuration: Self.unheld)
        #expect(Set(kinds(ws)).isSuperset(of: ["gap", "volume_surge", "momentum", "breakout"]))
        // The previous day's whole volume, which volume_breakout is relative to, comes with REST
        // quotes (or the master files), not with trades.
        #expect(kinds(rest).filter { $0 == "volume_breakout" }.count == 1 && !kinds(ws).contains("volume_breakout"))
        #expect(comparable(ws) == comparable(rest).filter { $0.kind != .volumeBreakout })
        #expect(ws.allSatisfy { $0.source == .websocket } && rest.allSatisfy { $0.source == .rest })
    }

    @Test func theSameData_arrivingOnBothPaths_firesOnce() {
        var evaluator = SignalEvaluator(configuration: Self.unheld)
        var out: [TradeSignal] = []
        for (time, tick) in Self.busyDay() {
            out += evaluator.ingest(tick.trade, now: time).signals
            out += evaluator.ingest(tick.quote, now: time).signals
        }
        // volume_breakout needs the whole previous day's volume, which only the quotes carry.
        let breakout: (TradeSignal) -> Bool = { $0.kind == .volumeBreakout }
        #expect(comparable(out).filter { !breakout($0) } == comparable(signals(Self.busyDay(), configuration: Self.unheld)))
        #expect(out.filter(breakout).count == 1)
    }

    @Test func signal_carriesTierNameAgeAndReceiveStamp() {
        var evaluator = SignalEvaluator(nameLookup: { $0 == "005930" ? "삼성전자" : nil })
        evaluator.apply(Allocation(generation: 1, time: at(9, 0), window: "gap_focus", strategy: "gap", holders: [
            SlotHolder(code: "005930", tier: 2, feeds: [.trade], score: 80, since: at(9, 0), reason: "gap"),
        ], slotsUsed: 1, capacity: 41, isFallback: false))
        var trade = Tick(price: 10_500, open: 10_500, volume: 1_000).trade
        trade.receivedAt = 1_800_000_000.25
        let batch = evaluator.ingest(trade, now: at(9, 0, 2), dataAge: 0.004)
        let signal = try! #require(batch.signals.first)
        #expect(signal.name == "삼성전자" && signal.tier == 2 && signal.dataAgeSeconds == 0.004)
        #expect(signal.receivedAt == 1_800_000_000.25 && signal.changeRate == 5 && signal.volume == 1_000)
        // Stamped with the data's market time (now less its age), not the moment it was read.
        #expect(signal.time == "2026-11-25T09:00:01+09:00")
        var fresh = SignalEvaluator()
        let late = fresh.ingest(trade, now: at(9, 0, 2), dataAge: 1.5).signals.first
        #expect(late?.time == "2026-11-25T09:00:00+09:00" && late?.dataAgeSeconds == 1.5)
        // A strong gap on a tier-2 stock asks for an emergency slot: 80 + 20·log2(5 / 3) ≈ 95.
        #expect(batch.hints == [.emergency(code: "005930", priority: 95, reason: "gap: " + signal.reason)])
        var named = SignalEvaluator()
        named.learnNames(from: Ranking(kind: "volume", rows: [RankingRow(rank: 1, code: "005930", name: "삼성전자", price: 1,
                                                                         changeRate: 0, cumulativeVolume: 0)], receivedAt: 0))
        #expect(named.name(of: "005930") == "삼성전자" && named.name(of: "000660") == "000660")
    }

    @Test func tierOne_getsAScore_notAnEmergency_andStatisticsCountPerKindAndWindow() {
        var evaluator = SignalEvaluator()
        evaluator.apply(Allocation(generation: 1, time: 0, window: "", strategy: "", holders: [
            SlotHolder(code: "005930", tier: 1, feeds: [.trade, .orderbook], score: 90, since: 0, reason: ""),
        ], slotsUsed: 2, capacity: 41, isFallback: false))
        let batch = evaluator.ingest(Tick(price: 10_500, open: 10_500, volume: 1_000).trade, now: at(9, 1))
        #expect(batch.hints == [.score(code: "005930", score: 95)])
        #expect(evaluator.statistics.byKind == ["gap": 1] && evaluator.statistics.byWindow == ["gap_focus": 1])
        #expect(evaluator.statistics.inputs == ["trade": 1])
    }

    @Test func aNewDay_startsAfresh() {
        var evaluator = SignalEvaluator()
        let tick = Tick(price: 10_500, open: 10_500, volume: 1_000)
        #expect(evaluator.ingest(tick.trade, now: at(9, 1)).signals.count == 1)
        #expect(evaluator.ingest(tick.trade, now: at(9, 2)).signals.isEmpty)
        #expect(evaluator.ingest(tick.trade, now: at(9, 1) + 86_400).signals.count == 1)
        #expect(evaluator.statistics.total == 1)
    }

    @Test func strategyWindows_coverTheDay() {
        #expect(StrategyWindow.at(at(8, 45)) == .preMarket)
        #expect(StrategyWindow.at(at(9, 0)) == .gapFocus)
        #expect(StrategyWindow.at(at(9, 30)) == .leaders)
        #expect(StrategyWindow.at(at(11, 30)) == .volumeWatch)
        #expect(StrategyWindow.at(at(14, 0)) == .closingTrend)
        #expect(StrategyWindow.at(at(15, 20)) == .closingAuction)
        #expect(StrategyWindow.at(at(15, 59)) == .closingAuction)
        #expect(StrategyWindow.at(at(16, 0)) == .afterMarket && StrategyWindow.at(at(19, 59)) == .afterMarket)
    }

    @Test func strategyWindowBounds_spanTheTable_withinTheSession() {
        let hour = 3600.0
        #expect(StrategyWindow.preMarket.bounds == (8.5 * hour, 9 * hour))
        #expect(StrategyWindow.gapFocus.bounds == (9 * hour, 9.5 * hour))
        #expect(StrategyWindow.volumeWatch.bounds == (11.5 * hour, 14 * hour))
        #expect(StrategyWindow.closingAuction.bounds == (15 * hour + 1200, 15.5 * hour))
        #expect(StrategyWindow.afterMarket.bounds == (16 * hour, 20 * hour))
        #expect(StrategyWindow.leaders.elapsedHours(atSecondOfDay: 10.5 * hour) == 1)
    }
}
