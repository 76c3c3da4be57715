import Foundation
import IPC
import System
import Simulator

/// `bench mechanics [--seed N] [--until HH:MM]`: the day's KRX-mechanics counts across the full
/// universe (`MechanicsTally` over the market-operation notices and the mechanics episodes, which are
/// what H0STMKO0 and `events.jsonl` carry), next to the published KRX figures they are read against
/// (docs/krx-mechanics.md). The market runs unwatched (no tape: a whole day in seconds), so limit hits
/// count as lock episodes here and the tape's book-derived lock counts are left out.
enum MechanicsBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        guard CaptureBench.explicitlyNamed("mechanics") else {
            return BenchReport(name: "mechanics", lines: ["skipped: a whole simulated day; run ./run bench mechanics"], figures: [("skipped", .bool(true))])
        }
        let seed = try BenchOptions.seed(in: arguments)
        let until = try BenchOptions.value("--until", in: arguments).map(SimulatorOptions.parseTimeOfDay) ?? KRXRules.afterMarketEnd
        var model = MarketModel(configuration: SimulationConfiguration(seed: seed))
        let started = Date()
        _ = model.advance(to: until + 1)
        let tally = MechanicsTally(day: model)
        // VI lengths of the calls that ended in their own cross (not merged into the closing call or cut at 20:00).
        let vi = model.episodes.filter { [.viStatic, .viDynamic, .viStaticDynamic].contains($0.kind)
            && $0.end != KRXRules.closingAuctionStart && $0.end != KRXRules.afterMarketEnd }.map { $0.end - $0.start }
        return BenchReport(name: "mechanics", lines: [
            "seed \(seed), \(model.universe.count) stocks, 00:00–\(MarketClock.clockString(until - MarketClock.kstOffset)) "
                + String(format: "(%.1f s)", Date().timeIntervalSince(started)),
            "VI triggers: \(tally.staticVI) static, \(tally.dynamicVI) dynamic, \(tally.staticAndDynamicVI) both, on \(tally.viStocks.count) stocks"
                + "  (KRX, first two weeks of the scheme: 113.5 static, 23.2 dynamic a day)",
            String(format: "VI length: %.0f–%.0f s", vi.min() ?? 0, vi.max() ?? 0),
            "upper-limit locks: \(tally.upperLimitLocks) on \(tally.upperLimitStocks.count) stocks, lower: \(tally.lowerLimitLocks) on \(tally.lowerLimitStocks.count)"
                + ", broken before 15:20: \(tally.locksBroken)  (KRX: 6.5 upper-limit touches a day 2015–2025, 57 % held; 0.6 lower)",
            "halted stocks: \(tally.haltedStocks.count)  (KRX 2024-08-25: 95 KOSPI+KOSDAQ listings halted)",
        ], figures: tally.rows.filter { !$0.name.hasPrefix("book") }.map { ($0.name, JSONValue.number(Double($0.value))) })
    }
}
