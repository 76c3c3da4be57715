import Benchmarks
import Foundation
import IPC
import KIS
import Polling
import Simulator

/// `bench poller`: the whole universe through the REST budget against kis-sim, the multi-stock
/// policy and the source document's one-stock-per-call policy side by side.
/// Options: `--minutes M` (market minutes, default 10), `--speed K` (default 2), `--accounts N`
/// (N app keys against one account, the multi-stock policy both times).
enum PollerBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        let minutes = Double(BenchOptions.value("--minutes", in: arguments) ?? "10") ?? 10
        let speed = Double(BenchOptions.value("--speed", in: arguments) ?? "2") ?? 2
        if let text = BenchOptions.value("--accounts", in: arguments) {
            guard let accounts = Int(text), (1...16).contains(accounts) else { throw BenchmarkError("--accounts: expected 1…16, got \(text)") }
            return try await runAccounts(accounts, minutes: minutes, speed: speed)
        }
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

    /// One account, then `accounts`, each on a fresh kis-sim: staleness, violations per key, budget use.
    static func runAccounts(_ accounts: Int, minutes: Double, speed: Double) async throws -> BenchReport {
        let one = try await measure(policy: .multi, minutes: minutes, speed: speed, accounts: 1)
        let many = try await measure(policy: .multi, minutes: minutes, speed: speed, accounts: accounts)
        func line(_ r: PollerBenchmarkResult) -> String {
            String(format: "%2d account%@ %6.2f/%3.0f calls/s (%5.1f %% of the budget)  %4d violations  %7.1f quotes/s  staleness p50 %6.1f s  p95 %6.1f s  max %6.1f s  never %d  hold %4.0f ms (dispatch %3.0f, exchange %3.0f)  grid restarts %d",
                   r.accounts, (r.accounts == 1 ? " " : "s") as NSString, r.callsPerSecond, r.limit, r.callsPerSecond / r.limit * 100, r.violations,
                   r.quotesPerSecond, r.stalenessP50, r.stalenessP95, r.stalenessMax, r.neverRefreshed, r.meanHold * 1000,
                   r.meanDispatch * 1000, r.meanExchange * 1000, r.gridRestarts)
        }
        let ratio = one.stalenessP95 > 0 ? many.stalenessP95 / one.stalenessP95 : 0
        return BenchReport(name: "poller", lines: [
            "\(many.stocks) stocks, \(minutes) market minutes at speed \(speed), \(one.limit)/s per app key, multi-stock policy",
            line(one), line(many),
            String(format: "staleness p95 with %d accounts: %.2f × one account's", accounts, ratio),
        ], figures: [("one_account", .object(one.json)), ("accounts", .object(many.json)),
                     ("p95_ratio", .number(ratio)), ("budget_share", .number(many.callsPerSecond / many.limit)),
                     ("market_minutes", .number(minutes)), ("speed", .number(speed))])
    }

    private static func measure(policy: PollerBenchmark.Policy, minutes: Double, speed: Double,
                                accounts: Int = 1) async throws -> PollerBenchmarkResult {
        var options = SimulatorOptions()
        options.speed = speed
        options.start = "09:30"
        let simulator = try KISSimulator(options: options)
        let serving = Task { try await simulator.run() }
        defer { simulator.shutdown(); serving.cancel() }
        let keys = try (0..<accounts).map { index in
            try KISCredentials(appKey: String(repeating: Character(UnicodeScalar(UInt8(66 + index))), count: 36),
                               appSecret: String(repeating: "s", count: 180))
        }
        let credentials = keys[0]
        let state = URL(fileURLWithPath: "/tmp/kis41-bench-state-\(getpid())")
        defer { try? FileManager.default.removeItem(at: state) }
        let target = PollerBenchmarkTarget(restURL: simulator.restURL, clock: simulator.clock, credentials: credentials,
                                           limitPerSecond: Double(options.restLimitPerSecond),
                                           accounts: keys,
                                           violations: { keys.reduce(0) { $0 + simulator.statistics()[$1.appKey].limitViolations } })
        return try await PollerBenchmark.run(target: target, marketMinutes: minutes, policy: policy, stateDirectory: state)
    }
}
