import Foundation
import IPC
import System
import KIS

/// `./run bench record --archive DIR`: what recording a session costs, measured on a real archive
/// (record one with `./run --record …`): bytes per market hour as stored (gzipped segments), and
/// the share of one core the recording takes live (speed 1) — the records scrubbed, encoded,
/// written and gzipped again by a `WireArchiveWriter`, timed on the process and children's CPU
/// clocks, over the market time they span.
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
        // What the writer leaves uncompressed (its open segment) is compressed here, as its next
        // rotation or process would; gzip's CPU counts too (children's rusage).
        var compressedBytes = 0
        for segment in WireArchiveReader.segments(in: URL(fileURLWithPath: scratch)) where segment.pathExtension == "jsonl" {
            WireArchiveWriter.compress(segment).waitUntilExit()
        }
        // Rotated segments were handed to gzip in the background: wait for them.
        while WireArchiveReader.segments(in: URL(fileURLWithPath: scratch)).contains(where: { $0.pathExtension == "jsonl" }) {
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        for segment in WireArchiveReader.segments(in: URL(fileURLWithPath: scratch)) {
            compressedBytes += (try FileManager.default.attributesOfItem(atPath: segment.path)[.size] as? Int) ?? 0
        }
        let cpu = processCPUSeconds() - cpuBefore + childrenCPUSeconds()
        let bytesPerHour = Double(bytes) / span * 3600
        let compressedPerHour = Double(compressedBytes) / span * 3600
        let cpuShare = cpu / span
        let lines = [
            "archive: \(contents.segments) segments, \(frames) WebSocket frames, \(calls) REST calls over \(String(format: "%.1f", span / 60)) market minutes",
            String(format: "size: %.1f MB per market hour as read (%.1f MB in all); %.1f MB per market hour gzipped as the writer stores it",
                   bytesPerHour / 1e6, Double(bytes) / 1e6, compressedPerHour / 1e6),
            String(format: "cost: %.3f CPU s to scrub, encode, write and gzip it all: %.4f of one core live (speed 1)", cpu, cpuShare),
        ]
        return BenchReport(name: "record", lines: lines, figures: [
            ("bytes_per_hour", .number(compressedPerHour.rounded())), ("uncompressed_bytes_per_hour", .number(bytesPerHour.rounded())),
            ("cpu_share", .number((cpuShare * 1e5).rounded() / 1e5)),
            ("frames", .number(Double(frames))), ("calls", .number(Double(calls))), ("market_seconds", .number(span.rounded())),
        ])
    }

    static func childrenCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_CHILDREN.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    static func processCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
