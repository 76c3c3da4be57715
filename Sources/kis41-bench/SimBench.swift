import Benchmarks
import Foundation
import IPC
import KIS
import Net
import Simulator

/// `bench sim`: what kis-sim costs and what it can emit — the market model's CPU share of one core
/// over the full universe at speed 1 and 10, and the WebSocket records/s it sends to one client
/// holding 41 H0STCNT0 registrations on the most active stocks (speed 10, from 09:00).
enum SimBench {
    static func run(_ arguments: [String]) async throws -> BenchReport {
        let seconds = Double(BenchOptions.value("--seconds", in: arguments) ?? "10") ?? 10
        let speed1 = MarketBenchmark.run(speed: 1, realSeconds: seconds)
        let speed10 = MarketBenchmark.run(speed: 10, realSeconds: seconds)
        let emitted = try await webSocketRecordsPerSecond(speed: 10, seconds: seconds)
        return BenchReport(name: "sim", lines: [
            "market model, \(speed1.stocks) stocks:",
            String(format: "  speed 1:  %.2f %% of a core (%d trades)", speed1.cpuShare * 100, speed1.trades),
            String(format: "  speed 10: %.2f %% of a core (%d trades)", speed10.cpuShare * 100, speed10.trades),
            String(format: "WebSocket, 41 registrations at speed 10: %.0f records/s (kis-sim process CPU %.1f %% of a core)",
                   emitted.recordsPerSecond, emitted.cpuShare * 100),
        ], figures: [
            ("stocks", .number(Double(speed1.stocks))),
            ("cpu_share_speed1", .number((speed1.cpuShare * 10_000).rounded() / 10_000)),
            ("cpu_share_speed10", .number((speed10.cpuShare * 10_000).rounded() / 10_000)),
            ("ws_records_per_s", .number(emitted.recordsPerSecond.rounded())),
        ])
    }

    /// Starts kis-sim in-process, registers 41 trade feeds and counts the records that arrive.
    private static func webSocketRecordsPerSecond(speed: Double, seconds: Double) async throws -> (recordsPerSecond: Double, cpuShare: Double) {
        var options = SimulatorOptions()
        options.speed = speed
        options.start = "09:00"
        let simulator = try KISSimulator(options: options)
        let serving = Task { try await simulator.run() }
        defer { simulator.shutdown(); serving.cancel() }
        let appKey = String(repeating: "W", count: 36), secret = String(repeating: "s", count: 180)
        let http = try HTTPClient(origin: simulator.restURL)
        let approval = try await http.post("/oauth2/Approval", headers: ["Content-Type": "application/json"], body: Array(
            #"{"grant_type":"client_credentials","appkey":"\#(appKey)","secretkey":"\#(secret)"}"#.utf8))
        await http.close()
        let key = try JSONDecoder().decode(ApprovalResponse.self, from: Data(approval.body)).approvalKey
        let busiest = SimulatedUniverse(seed: options.seed).listings.sorted { $0.activity > $1.activity }.prefix(41).map(\.code)
        let socket = try await WebSocketClient.connect(url: simulator.webSocketURL, timeout: .seconds(5))
        for code in busiest {
            try await socket.send(text: SubscriptionRequest(approvalKey: key, action: .subscribe, trID: RealtimeTR.trade, trKey: code).jsonText)
        }
        let parser = DataFrameParser()
        var records = 0
        let cpuBefore = cpuSeconds()
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            guard let text = try await socket.receive().text else { continue }
            switch TextFrameKind.classify(text) {
            case .dataFrame: records += (try? parser.parse(text).records.count) ?? 0
            case .pingPongLiteral: try await socket.send(text: text)
            case .control:
                if case .pingPong = try? ControlMessage.decode(text) { try await socket.send(text: text) }
            case .unknown: break
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        let cpu = cpuSeconds() - cpuBefore  // simulator and this client share the process
        await socket.close()
        return (Double(records) / elapsed, cpu / elapsed)
    }
}
