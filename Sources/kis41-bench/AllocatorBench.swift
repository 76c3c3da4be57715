import Allocation
import Benchmarks
import IPC
import System

/// `bench allocator`: the cost of one full-universe allocation decision.
enum AllocatorBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        let stocks = Int(BenchOptions.value("--stocks", in: arguments) ?? "2600") ?? 2600
        let name = BenchOptions.value("--slot-scoring", in: arguments) ?? "heat"
        guard let scoring = SlotScoring(rawValue: name) else {
            throw ExitError(.usage, "bench allocator: --slot-scoring must be heat, hazard or blend, got \(name)")
        }
        let result = AllocatorBenchmark.run(stocks: stocks, scoring: scoring)
        return BenchReport(name: "allocator", lines: [
            "decision over \(stocks) stocks (\(scoring.rawValue) scoring): "
                + String(format: "p50 %.2f ms, p99 %.2f ms, max %.2f ms wall; CPU p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                         result.p50Ms, result.p99Ms, result.maxMs, result.cpuP50Ms, result.cpuP99Ms, result.cpuMaxMs)
                + " (\(result.rounds) rounds, \(result.learningRounds) with a learning step)",
        ], figures: [
            ("stocks", .number(Double(stocks))),
            ("slot_scoring", .string(scoring.rawValue)),
            ("decision_ms_p50", .number((result.p50Ms * 100).rounded() / 100)),
            ("decision_ms_p99", .number((result.p99Ms * 100).rounded() / 100)),
            ("decision_ms_max", .number((result.maxMs * 100).rounded() / 100)),
            ("decision_cpu_ms_p50", .number((result.cpuP50Ms * 100).rounded() / 100)),
            ("decision_cpu_ms_p99", .number((result.cpuP99Ms * 100).rounded() / 100)),
            ("decision_cpu_ms_max", .number((result.cpuMaxMs * 100).rounded() / 100)),
            ("learning_rounds", .number(Double(result.learningRounds))),
        ])
    }
}
