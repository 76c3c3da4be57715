import Foundation
import IPC
import KIS

/// `./run bench record --archive DIR`: what recording a session costs, measured on a real archive
/// (record one with `./run --record …`): bytes per market hour, and the share of one core the
/// recording takes live (speed 1) — the records scrubbed, encoded and written again by a
/// `WireArchiveWriter`, timed on the process CPU clock, over the market time they span.
/// Only when named.
enum RecordBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        guard CaptureBench.explicitlyNamed("record") else {
            return BenchReport(name: "record", lines: ["skipped: run ./run bench record --archive DIR"], figures: [("skipped", .bool(true))])
        }
        guard let archive = BenchOptions.value("--archive", in: arguments) else {
            throw ExitError(.usage, "bench record needs --archive DIR: a session recorded with ./run --record (e.g. .run/archive/<…>)")
        }
        let directory = URL(fileURLWithPath: archive)
        let contents = try WireArchiveReader.read(directory: directory)
        let bytes = try WireArchiveReader.segments(in: directory).reduce(0) { sum, file in
            sum + ((try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0)
        }
        let span = max(1, (contents.records.last?.marketTime ?? 0) - (contents.records.first?.marketTime ?? 0))
        var frames = 0, calls = 0
        for record in contents.records { if case .webSocket = record { frames += 1 } else { calls += 1 } }

        let scratch = "/tmp/kis41-bench-record-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let writer = try WireArchiveWriter(directory: scratch, component: "bench", logger: Logger(label: "bench", level: .critical))
        let cpuBefore = processCPUSeconds()
        for record in contents.records {
            switch record {
            case .webSocket(var frame):
                frame.text = WireScrubber.scrub(webSocketText: frame.text)
                writer.append(.webSocket(frame))
            case .rest:
                writer.append(record)
            }
        }
        writer.flush()
        let cpu = processCPUSeconds() - cpuBefore
        let bytesPerHour = Double(bytes) / span * 3600
        let cpuShare = cpu / span
        let lines = [
            "archive: \(contents.segments) segments, \(frames) WebSocket frames, \(calls) REST calls over \(String(format: "%.1f", span / 60)) market minutes",
            String(format: "size: %.1f MB per market hour (%.1f MB in all), uncompressed", bytesPerHour / 1e6, Double(bytes) / 1e6),
            String(format: "cost: %.3f CPU s to scrub, encode and write it all: %.4f of one core live (speed 1)", cpu, cpuShare),
        ]
        return BenchReport(name: "record", lines: lines, figures: [
            ("bytes_per_hour", .number(bytesPerHour.rounded())), ("cpu_share", .number((cpuShare * 1e5).rounded() / 1e5)),
            ("frames", .number(Double(frames))), ("calls", .number(Double(calls))), ("market_seconds", .number(span.rounded())),
        ])
    }

    static func processCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
