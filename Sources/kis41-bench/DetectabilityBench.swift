import Benchmarks
import Foundation
import IPC
import Simulator
import System

/// `bench detectability [--seed N] [--from HH:MM] [--to HH:MM | --day] [--events] [--json]`: how detectable the
/// planted events are at all (`DetectabilityBenchmark`): per event kind and oracle statistic, how
/// many events fit the false-alarm budget (20 chance alarms a day per kind), the distribution of the
/// chance alarms a day an oracle would accept to catch each, and what 95 % capture would cost.
/// Defaults: seed 41, 09:00–12:00; `--day` is the continuous session, 09:00–15:20 (closing runs
/// start at 14:00). `--events`: one line per event, each statistic's value and alarms/day (universe
/// null, once per excursion) with its magnitude, window and trades. Deterministic per seed;
/// in-process, the whole universe watched.
enum DetectabilityBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        guard CaptureBench.explicitlyNamed("detectability") else {
            return BenchReport(name: "detectability", lines: ["skipped: run ./run bench detectability"], figures: [("skipped", .bool(true))])
        }
        let seed = try BenchOptions.seed(in: arguments)
        var from = BenchOptions.value("--from", in: arguments) ?? "09:00"
        var to = BenchOptions.value("--to", in: arguments) ?? "12:00"
        if arguments.contains("--day") {
            guard BenchOptions.value("--from", in: arguments) == nil, BenchOptions.value("--to", in: arguments) == nil else {
                throw ExitError(.usage, "--day is 09:00–15:20: give it or --from/--to, not both")
            }
            (from, to) = ("09:00", "15:20")
        }
        guard let f = Clock.seconds(from), let t = Clock.seconds(to), t - f >= 1_800,
              f >= KRXRules.continuousStart, t <= KRXRules.closingAuctionStart else {
            throw ExitError(.usage, "--from/--to: want HH:MM inside 09:00–15:20, at least 30 minutes apart (got \(from)–\(to))")
        }
        let result = DetectabilityBenchmark.run(configuration: SimulationConfiguration(seed: seed), from: f, to: t)
        let budget = DetectabilityBenchmark.budget
        var lines = [
            "seed \(seed), \(from)–\(to): \(result.stocks) stocks, \(result.minutes) minutes, \(Int(result.wallSeconds.rounded())) wall s; "
                + "an event's p: share of windows of its length (outside planted events and decoys) at least as extreme; "
                + "alarms/day = p × \(Int(DetectabilityBenchmark.testsPerStock)) × \(result.stocks); budget \(Int(budget))/day per kind",
            "alarms/day: every window a test; \"once\": each excursion counted once (a detector that fires once per episode); "
                + "95 % capture: the alarms/day at the threshold that catches 95 % of the kind, and the precision there with the day's planted events",
            "kind         statistic       null      in window/day  fit budget (once)  alarms/day p10 / p25 / p50 / p75 / p90      95 % capture (once)",
        ]
        var figures: [(String, JSONValue)] = [("seed", .number(Double(seed))), ("stocks", .number(Double(result.stocks))),
                                              ("minutes", .number(Double(result.minutes)))]
        var kinds: [String: JSONValue] = [:]
        for kind in DetectabilityBenchmark.kinds {
            let rows = result.rows.filter { $0.kind == kind }
            guard let first = rows.first, first.events > 0 else {
                lines.append("\(pad(kind.rawValue, 12)) no whole event inside \(from)–\(to) (\(rows.first?.eventsPerDay ?? 0) a day)")
                continue
            }
            var best: (name: String, fit: Int, needed: Double)?
            var most: (name: String, fit: Int, median: Double)?
            var perStatistic: [String: JSONValue] = [:]
            for row in rows {
                let name = row.orientation == .absolute ? "|\(row.statistic.rawValue)|" : row.statistic.rawValue
                var nulls: [String: JSONValue] = [:]
                for (label, null) in [("pool", row.pool), ("universe", row.universe)] {
                    let fit = null.alarms.filter { $0 <= budget }.count
                    let fitOnce = null.episodeAlarms.filter { $0 <= budget }.count
                    let quantiles = [0.1, 0.25, 0.5, 0.75, 0.9].map { DetectabilityBenchmark.quantile(null.alarms, $0) ?? .infinity }
                    let needed = DetectabilityBenchmark.quantile(null.alarms, 0.95) ?? .infinity
                    let neededOnce = DetectabilityBenchmark.quantile(null.episodeAlarms, 0.95) ?? .infinity
                    let precision = DetectabilityBenchmark.precision(eventsPerDay: row.eventsPerDay, share: 0.95, alarms: needed)
                    let precisionOnce = DetectabilityBenchmark.precision(eventsPerDay: row.eventsPerDay, share: 0.95, alarms: neededOnce)
                    lines.append("\(pad(kind.rawValue, 12)) \(pad(name, 15)) \(pad(label, 9)) \(pad("\(row.events)/\(row.eventsPerDay)", 14)) "
                                 + "\(pad("\(fit) (\(fitOnce))", 18)) \(pad(quantiles.map(format).joined(separator: " / "), 40)) "
                                 + "\(format(needed)) at \(String(format: "%.2f", precision)) (\(format(neededOnce)) at \(String(format: "%.2f", precisionOnce)))")
                    if best == nil || neededOnce < best!.needed { best = ("\(name) against the \(label) null", fitOnce, neededOnce) }
                    let medianOnce = DetectabilityBenchmark.quantile(null.episodeAlarms, 0.5) ?? .infinity
                    if most == nil || (fitOnce, -medianOnce) > (most!.fit, -most!.median) { most = ("\(name) against the \(label) null", fitOnce, medianOnce) }
                    nulls[label] = .object(["fit": .number(Double(fit)), "fit_once": .number(Double(fitOnce)),
                                            "median_alarms": number(quantiles[2]),
                                            "median_alarms_once": number(DetectabilityBenchmark.quantile(null.episodeAlarms, 0.5) ?? .infinity),
                                            "alarms_for_95": number(needed), "alarms_for_95_once": number(neededOnce),
                                            "precision_at_95": .number(Clock.round(precision, 3)), "precision_at_95_once": .number(Clock.round(precisionOnce, 3)),
                                            "beyond_all": .number(Double(null.beyondAll)), "floor": number(null.floor(stocks: result.stocks))])
                }
                lines.append("\(pad("", 12)) \(pad(name, 15)) floors    beyond every window: own \(row.own.beyondAll), pool \(row.pool.beyondAll), "
                             + "universe \(row.universe.beyondAll) of \(row.events); the nulls' median sizes \(row.own.medianSize) / \(row.pool.medianSize) / "
                             + "\(row.universe.medianSize) windows resolve down to \(format(row.own.floor(stocks: result.stocks))) / "
                             + "\(format(row.pool.floor(stocks: result.stocks))) / \(format(row.universe.floor(stocks: result.stocks))) alarms/day")
                nulls["own_beyond_all"] = .number(Double(row.own.beyondAll))
                perStatistic[name] = .object(nulls)
            }
            if let best {
                let events = first.events
                let precision = DetectabilityBenchmark.precision(eventsPerDay: first.eventsPerDay, share: 0.95, alarms: best.needed)
                lines.append("\(pad(kind.rawValue, 12)) best oracle, once per excursion: \(best.name): \(best.fit)/\(events) fit \(Int(budget))/day; "
                             + "95 % capture accepts \(format(best.needed)) chance alarms/day (precision \(String(format: "%.2f", precision))): "
                             + (best.needed <= budget && precision >= 0.8 ? "the aims are reachable" : "the aims (≥ 95 %, precision ≥ 0.8, budget \(Int(budget))) are out of reach"))
            }
            if let most {
                let capture = Double(most.fit) / Double(first.events)
                let precision = DetectabilityBenchmark.precision(eventsPerDay: first.eventsPerDay, share: capture, alarms: budget)
                lines.append("\(pad(kind.rawValue, 12)) most within the budget, once per excursion: \(most.name): \(most.fit)/\(first.events) "
                             + String(format: "(capture %.0f %%, precision %.2f at %d chance alarms/day), median %@ alarms/day",
                                      capture * 100, precision, Int(budget), format(most.median)))
            }
            kinds[kind.rawValue] = .object(perStatistic)
            if arguments.contains("--events") {
                // Each event on every statistic: universe null, alarms/day counted once per excursion.
                for (n, detail) in first.details.enumerated() {
                    let figures = rows.map { row -> String in
                        let name = row.orientation == .absolute ? "|\(row.statistic.rawValue)|" : row.statistic.rawValue
                        let k = row.details.firstIndex { $0.id == detail.id } ?? n
                        return "\(name) \(row.details[k].value.map { String(format: "%.3g", $0) } ?? "undef") → \(format(row.universe.episodeAlarms[k]))"
                    }
                    lines.append("  \(detail.id) \(kind.rawValue) \(detail.code) \(String(format: "%+.2f", detail.magnitude)) \(detail.length) min "
                                 + "\(detail.trades) trades: " + figures.joined(separator: ", "))
                }
            }
        }
        figures.append(("kinds", .object(kinds)))
        figures.append(("wall_s", .number(Clock.round(result.wallSeconds, 1))))
        return BenchReport(name: "detectability", lines: lines, figures: figures)
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s.padding(toLength: n, withPad: " ", startingAt: 0) }

    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "undef" }
        return x < 10 ? String(format: "%.1f", x) : String(format: "%.0f", x)
    }

    static func number(_ x: Double) -> JSONValue { x.isFinite ? .number(Clock.round(x, 1)) : .null }
}
