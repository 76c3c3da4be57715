import Benchmarks
import Foundation
import IPC
import KIS
import Polling
import Simulator

/// `bench poller`: the whole universe through the REST budget against kis-sim, the multi-stock
/// policy and the source document's one-stock-per-call policy side by side.
/// Options: `--minutes M` (market minutes, default 10), `--speed K` (default 2).
enum PollerBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        let minutes = Double(BenchOptions.value("--minutes", in: arguments) ?? "10") ?? 10
        let speed = Double(BenchOptions.value("--speed", in: arguments) ?? "2") ?? 2
        var results: [PollerBenchmarkResult] = []
        for policy in [PollerBenchmark.Policy.multi, .singleStock] {
            results.append(try await measure(policy: policy, minutes: minutes, speed: speed))
        }
        let multi = results[0], single = results[1]
        func line(_ r: PollerBenchmarkResult) -> String {
            String(format: "%-7@ %6.2f/%2.0f calls/s  %4d violations  %7.1f quotes/s  staleness p50 %6.1f s  p95 %6.1f s  max %6.1f s  never %d",
                   r.policy as NSString, r.callsPerSecond, r.limit, r.violations, r.quotesPerSecond,
                   r.stalenessP50, r.stalenessP95, r.stalenessMax, r.neverRefreshed)
        }
        var figures = multi.json.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        figures.append(("single_stock", .object(single.json)))
        figures.append(("market_minutes", .number(minutes)))
        figures.append(("speed", .number(speed)))
        return BenchReport(name: "poller", lines: [
            "\(multi.stocks) stocks, \(minutes) market minutes at speed \(speed), limit \(multi.limit)/s",
            line(multi), line(single),
        ], figures: figures)
    }

    private static func measure(policy: PollerBenchmark.Policy, minutes: Double, speed: Double) async throws -> PollerBenchmarkResult {
        var options = SimulatorOptions()
        options.speed = speed
        options.start = "09:30"
        let simulator = try KISSimulator(options: options)
        let serving = Task { try await simulator.run() }
        defer { simulator.shutdown(); serving.cancel() }
        let credentials = try KISCredentials(appKey: String(repeating: "B", count: 36), appSecret: String(repeating: "s", count: 180))
        let state = URL(fileURLWithPath: "/tmp/kis41-bench-state-\(getpid())")
        defer { try? FileManager.default.removeItem(at: state) }
        let target = PollerBenchmarkTarget(restURL: simulator.restURL, clock: simulator.clock, credentials: credentials,
                                           limitPerSecond: Double(options.restLimitPerSecond),
                                           violations: { simulator.statistics()[credentials.appKey].limitViolations })
        return try await PollerBenchmark.run(target: target, marketMinutes: minutes, policy: policy, stateDirectory: state)
    }
}

/// `--name value` options of a benchmark.
enum BenchOptions {
    static func value(_ name: String, in arguments: [String]) -> String? {
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }
}
