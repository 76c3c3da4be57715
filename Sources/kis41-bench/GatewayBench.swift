import Benchmarks
import Foundation
import Gateway
import IPC

/// `bench gateway`: the Swift parser against python-kis 2.1.6's parser on the same H0STCNT0
/// corpus, side by side, and the full path (socket bytes → WebSocket → parser → IPC publish).
enum GatewayBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        let corpus = GatewayBenchmark.corpus(tradeFrames: 2_000, orderBookFrames: 0, recordsPerFrame: 4)
        let parser = GatewayBenchmark.parserRecordsPerSecond(corpus: corpus, minimumSeconds: 2)
        let pykis = PythonKIS.parseRecordsPerSecond(corpus: corpus)
        let full = try await GatewayBenchmark.fullPathRecordsPerSecond(
            corpus: GatewayBenchmark.corpus(tradeFrames: 5_000, recordsPerFrame: 4), repetitions: 10, directory: "/tmp")
        var lines = [String(format: "Swift DataFrameParser, H0STCNT0:      %10.0f records/s", parser)]
        switch pykis {
        case .success(let rate):
            lines.append(String(format: "python-kis 2.1.6 parse, same corpus:  %10.0f records/s", rate))
            lines.append(String(format: "ratio:                                %10.1f×", parser / rate))
        case .failure(let reason):
            lines.append("python-kis 2.1.6: not measured (\(reason.message))")
        }
        lines.append(String(format: "full path to an IPC subscriber:       %10.0f records/s (%d messages dropped for the subscriber)",
                            full.recordsPerSecond, full.droppedMessages))
        let pykisRate = try? pykis.get()
        return BenchReport(name: "gateway", lines: lines, figures: [
            ("parser_records_per_s", .number(parser.rounded())),
            ("pykis_records_per_s", pykisRate.map { .number($0.rounded()) } ?? .null),
            ("ratio", pykisRate.map { .number((parser / $0 * 10).rounded() / 10) } ?? .null),
            ("full_path_records_per_s", .number(full.recordsPerSecond.rounded())),
        ])
    }
}

/// Runs python-kis 2.1.6 (from PyPI, in a cached virtual environment) on a corpus.
enum PythonKIS {
    struct Unavailable: Error { let message: String }

    /// The one venv recipe, shared with `ConformanceProbeTests`: `Tests/pykis-venv.sh` (python-kis
    /// 2.1.6 and the typing_extensions it imports without declaring).
    static let recipe = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tests/pykis-venv.sh").path

    static func parseRecordsPerSecond(corpus: [[UInt8]]) -> Result<Double, Unavailable> {
        guard let python = run("/bin/bash", [recipe])?.split(separator: "\n").last.map(String.init) else {
            return .failure(Unavailable(message: "\(recipe) failed: python3 -m venv or pip install python-kis==2.1.6"))
        }
        let corpusPath = "/tmp/kis41-bench-corpus-\(getpid()).txt"
        defer { unlink(corpusPath) }
        let text = corpus.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n") + "\n"
        guard FileManager.default.createFile(atPath: corpusPath, contents: Data(text.utf8)) else {
            return .failure(Unavailable(message: "cannot write \(corpusPath)"))
        }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Tests/bench/pykis_parse_bench.py").path
        guard let output = run(python, [script, corpusPath, "3"]),
              let object = try? JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let rate = object["records_per_s"] as? Double else {
            return .failure(Unavailable(message: "the python-kis parse script failed"))
        }
        return .success(rate)
    }

    /// Runs a program; its stdout when it exits 0.
    static func run(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? String(decoding: data, as: UTF8.self) : nil
    }
}
