import Foundation
import IPC
import System

/// `kis41-bench NAME [--json]`: the benchmarks behind `./run bench`. Each prints its figures for
/// humans and, with `--json`, one JSON object as the last line.
@main
struct Bench {
    static let benches: [(name: String, run: @Sendable ([String]) async throws -> BenchReport)] = [
        ("ipc", IPCBench.run),
        ("codec", IPCBench.codec),
        ("signals", SignalsBench.run),
        ("gateway", GatewayBench.run),
        ("poller", PollerBench.run),
        ("allocator", AllocatorBench.run),
        ("sim", SimBench.run),
        ("market", MarketBench.run),
        ("hazard", HazardBench.run),
        ("mechanics", MechanicsBench.run),
        ("capture", CaptureBench.run),
        ("chaos", ChaosBench.run),
        ("replay", ReplayBench.run),
        ("record", RecordBench.run),
        ("reference", ReferenceBench.run),
        ("detectability", DetectabilityBench.run),
        ("nats", NATSBench.run),
    ]

    static func main() async {
        await ProcessSetup.main(label: "kis41-bench") { _ in
            var arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.first == IPCBench.serverCommand {
                try await IPCBench.serve(path: arguments[1])
                return
            }
            if arguments.first == NATSBench.subscriberCommand, arguments.count >= 3, let count = Int(arguments[2]) {
                try await NATSBench.serveSubscribers(url: arguments[1], count: count, fullClients: arguments.dropFirst(3).first == "clients")
                return
            }
            let json = arguments.contains("--json")
            arguments.removeAll { $0 == "--json" }
            let selected = arguments.first.map { name in benches.filter { $0.name == name } } ?? benches
            guard !selected.isEmpty else {
                throw ExitError(.usage, "unknown benchmark \(arguments[0]); one of: \(benches.map(\.name).joined(separator: ", "))")
            }
            for bench in selected {
                let report = try await bench.run(Array(arguments.dropFirst()))
                report.print(json: json)
                if let failure = report.failure { throw ExitError(.software, failure) }
            }
        }
    }
}

/// A benchmark's figures: lines for humans and one JSON object for tools.
struct BenchReport {
    var name: String
    var lines: [String]
    var figures: [(String, JSONValue)]
    /// A requirement the figures missed (`bench replay --require`): printed, then the bench fails.
    var failure: String? = nil

    func print(json: Bool) {
        Swift.print("== bench \(name)")
        lines.forEach { Swift.print("  \($0)") }
        if json {
            let members = [("bench", JSONValue.string(name))] + figures
            let body = members.map { key, value in "\"\(key)\":\(Self.encode(value))" }.joined(separator: ",")
            Swift.print("{\(body)}")
        }
    }

    private static func encode(_ value: JSONValue) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
