import IPC
import SignalEngine

/// `bench signals`: evaluation cost per tick, and receive → signal latency across two IPC hops
/// (fake gateway → signals service → subscriber) at 5,000 ticks/s.
enum SignalsBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        let evaluation = SignalsBenchmark.evaluationNanosecondsPerTick()
        let latency = try await SignalsBenchmark.latency(ticksPerSecond: 5_000, seconds: 5)
        return BenchReport(name: "signals", lines: [
            String(format: "evaluation:                 %.0f ns per tick", evaluation),
            String(format: "receive → signal, 2 hops:   p50 %.3f ms, p99 %.3f ms at 5,000 ticks/s", latency.p50Ms, latency.p99Ms),
        ], figures: [
            ("eval_ns_per_tick", .number(evaluation.rounded())),
            ("latency_p50_ms", .number((latency.p50Ms * 1000).rounded() / 1000)),
            ("latency_p99_ms", .number((latency.p99Ms * 1000).rounded() / 1000)),
        ])
    }
}
