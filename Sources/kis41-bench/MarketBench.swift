import Benchmarks
import Foundation
import IPC
import Simulator
import System

/// `bench market [--seed N] [--from HH:MM] [--to HH:MM] [--json]`: one simulated day's stylized facts
/// (`MarketStatisticsBenchmark`), each printed with its target range and whether it is inside.
/// In-process, no sockets, the whole universe watched, as fast as it goes. Defaults: seed 41,
/// 09:00–15:20 (the continuous session). With `--json` the last line holds one key per statistic,
/// plus `targets`, `inside` and `all_inside`.
enum MarketBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        guard CaptureBench.explicitlyNamed("market") else {
            return BenchReport(name: "market", lines: ["skipped: a whole simulated day; run ./run bench market"], figures: [("skipped", .bool(true))])
        }
        let seed = try BenchOptions.seed(in: arguments)
        let from = BenchOptions.value("--from", in: arguments) ?? "09:00"
        let to = BenchOptions.value("--to", in: arguments) ?? "15:20"
        guard let f = Clock.seconds(from), let t = Clock.seconds(to), t - f >= 120,
              f >= KRXRules.continuousStart, t <= KRXRules.closingAuctionStart else {
            throw ExitError(.usage, "--from/--to: want HH:MM inside 09:00–15:20, at least 2 minutes apart (got \(from)–\(to))")
        }
        let result = MarketStatisticsBenchmark.run(configuration: SimulationConfiguration(seed: seed), from: f, to: t)
        let width = result.rows.map(\.name.count).max() ?? 0
        var lines = ["seed \(seed), \(from)–\(to): \(result.stocks) stocks, \(result.trades) trades, \(result.eligible) stocks trading in "
                     + String(format: "≥ %.0f %% of the minutes; %.0f wall s", MarketStatisticsBenchmark.eligibleShare * 100, result.wallSeconds)]
        for row in result.rows {
            let value = row.value.map { String(format: "%10.4f", $0) } ?? "       n/a"
            lines.append("\(row.name.padding(toLength: width, withPad: " ", startingAt: 0)) \(value)  target "
                         + "\(row.range.padding(toLength: 14, withPad: " ", startingAt: 0)) \(row.inside ? "inside " : "OUTSIDE")  \(row.note)")
        }
        let outside = result.rows.filter { !$0.inside }.map(\.name)
        lines.append(outside.isEmpty ? "all \(result.rows.count) statistics inside their targets"
                     : "outside: \(outside.joined(separator: ", "))")
        var figures: [(String, JSONValue)] = [("seed", .number(Double(seed))), ("stocks", .number(Double(result.stocks))),
                                              ("trades", .number(Double(result.trades))), ("eligible", .number(Double(result.eligible)))]
        var targets: [String: JSONValue] = [:]
        var inside: [String: JSONValue] = [:]
        for row in result.rows {
            figures.append((row.name, row.value.map { .number(Clock.round($0, 4)) } ?? .null))
            targets[row.name] = .array([row.lower.map { .number($0) } ?? .null, row.upper.map { .number($0) } ?? .null])
            inside[row.name] = .bool(row.inside)
        }
        figures += [("targets", .object(targets)), ("inside", .object(inside)), ("all_inside", .bool(outside.isEmpty))]
        return BenchReport(name: "market", lines: lines, figures: figures)
    }
}
