import Benchmarks
import IPC
import SignalEngine

/// `bench signals`: evaluation cost per tick, and receive → signal latency across two IPC hops
/// (fake gateway → signals service → subscriber) at 5,000 ticks/s, and the restart snapshot's
/// size and save/load time for a whole market.
enum SignalsBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        let evaluation = SignalsBenchmark.evaluationNanosecondsPerTick()
        let latency = try await SignalsBenchmark.latency(ticksPerSecond: 5_000, seconds: 5)
        let snapshot = try SignalsBenchmark.snapshotFigures()
        return BenchReport(name: "signals", lines: [
            String(format: "evaluation:                 %.0f ns per tick", evaluation),
            String(format: "receive → signal, 2 hops:   p50 %.3f ms, p99 %.3f ms at 5,000 ticks/s", latency.p50Ms, latency.p99Ms),
            String(format: "restart snapshot:           %d stocks, 15-min tapes (41 at 1 s, the rest at 5 s): %.1f MB, save %.0f ms, load %.0f ms",
                   snapshot.stocks, Double(snapshot.bytes) / 1e6, snapshot.saveMs, snapshot.loadMs),
        ], figures: [
            ("eval_ns_per_tick", .number(evaluation.rounded())),
            ("latency_p50_ms", .number((latency.p50Ms * 1000).rounded() / 1000)),
            ("latency_p99_ms", .number((latency.p99Ms * 1000).rounded() / 1000)),
            ("snapshot_bytes", .number(Double(snapshot.bytes))),
            ("snapshot_save_ms", .number(snapshot.saveMs.rounded())),
            ("snapshot_load_ms", .number(snapshot.loadMs.rounded())),
        ])
    }
}
