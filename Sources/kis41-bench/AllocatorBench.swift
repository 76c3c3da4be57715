import Allocation
import Benchmarks
import IPC

/// `bench allocator`: the cost of one full-universe allocation decision.
enum AllocatorBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        let stocks = Int(BenchOptions.value("--stocks", in: arguments) ?? "2600") ?? 2600
        let result = AllocatorBenchmark.run(stocks: stocks)
        return BenchReport(name: "allocator", lines: [
            String(format: "decision over %d stocks: p50 %.2f ms, p99 %.2f ms", stocks, result.p50Ms, result.p99Ms),
        ], figures: [
            ("stocks", .number(Double(stocks))),
            ("decision_ms_p50", .number((result.p50Ms * 100).rounded() / 100)),
            ("decision_ms_p99", .number((result.p99Ms * 100).rounded() / 100)),
        ])
    }
}
