import Foundation
import IPC
import KIS
import System

/// `bench ipc`: one-way throughput and request/reply latency between two processes over the
/// Unix-domain socket, with the real framing, codec and server.
enum IPCBench {
    static let serverCommand = "__ipc-server"

    /// The server side, run in a child process: counts trades, acknowledges `score` requests.
    static func serve(path: String) async throws {
        let received = Counter()
        let server = IPCServer(name: "bench", path: path, logger: Logger(label: "bench-server", level: .error),
                               status: { ("running", ["trades": .number(Double(received.value))]) },
                               handler: { message, _ in
                                   switch message {
                                   case .trades(let trades): received.add(trades.count); return nil
                                   case .score(let score): return .ack(Ack(id: score.id))
                                   default: return nil
                                   }
                               })
        try await ServiceGroup([("bench", server)], logger: Logger(label: "bench-server", level: .error)).run()
    }

    static func run(_ arguments: [String]) async throws -> BenchReport {
        let directory = RunDirectory(path: "/tmp/k41b-\(getpid())")
        try directory.prepare()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let path = directory.socketPath("bench")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = [serverCommand, path]
        try child.run()
        defer { child.terminate(); child.waitUntilExit() }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: path) { try await Task.sleep(nanoseconds: 10_000_000) }

        let connection = IPCConnection(channel: try StreamChannel(fd: try UnixSocket.connect(path: path)))
        try connection.send(.hello(Hello(id: "h", name: "bench")))
        _ = try await connection.receive()

        let single = try await throughput(connection, messages: 200_000, batch: 1)
        let batched = try await throughput(connection, messages: 20_000, batch: 50)
        let latencies = try await roundTrips(connection, count: 10_000, perSecond: 5_000)
        connection.close()

        let p50 = percentile(latencies, 0.50), p99 = percentile(latencies, 0.99)
        return BenchReport(name: "ipc", lines: [
            String(format: "one-way, one tick per message:    %10.0f messages/s", single),
            String(format: "one-way, 50 ticks per message:    %10.0f ticks/s", batched),
            String(format: "request/reply at 5,000/s:         p50 %.3f ms, p99 %.3f ms (%d requests)", p50, p99, latencies.count),
        ], figures: [
            ("msgs_per_s", .number(single.rounded())), ("batched_msgs_per_s", .number(batched.rounded())),
            ("rtt_p50_ms", .number((p50 * 1000).rounded() / 1000)), ("rtt_p99_ms", .number((p99 * 1000).rounded() / 1000)),
        ])
    }

    /// Ticks per second from this process to the server, until the server has counted them all.
    private static func throughput(_ connection: IPCConnection, messages: Int, batch: Int) async throws -> Double {
        let trade = Trade(code: "005930", time: "090001", price: 71_000, change: 500, changeRate: 0.71, volume: 10,
                          cumulativeVolume: 1_234_567, open: 70_500, high: 71_100, low: 70_400, ask: 71_100, bid: 71_000,
                          previousDayVolumeRate: 120.5, receivedAt: Date().timeIntervalSince1970)
        let codec = MessageCodec()
        let before = try await countedTrades(connection)
        let start = Date()
        for _ in 0..<messages {
            let framed = try codec.frame(.trades(Array(repeating: trade, count: batch)))
            try connection.send(framed: framed)
            if connection.channel.pendingOutboundBytes > 1 << 20 { await connection.channel.waitUntilDrained(below: 256 << 10) }
        }
        while try await countedTrades(connection) < before + messages * batch { }
        return Double(messages * batch) / Date().timeIntervalSince(start)
    }

    private static func countedTrades(_ connection: IPCConnection) async throws -> Int {
        try connection.send(.status(StatusRequest(id: "count")))
        while let reply = try await connection.receive() {
            if case .statusReport(let report) = reply { return Int(report.details["trades"]?.doubleValue ?? 0) }
        }
        throw IPCError.disconnected
    }

    /// Latencies (ms) of `count` requests sent at a steady `perSecond` rate.
    private static func roundTrips(_ connection: IPCConnection, count: Int, perSecond: Double) async throws -> [Double] {
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        let interval = 1 / perSecond
        let start = Date()
        for index in 0..<count {
            let due = start.addingTimeInterval(Double(index) * interval)
            let wait = due.timeIntervalSinceNow
            if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
            let sent = Date()
            try connection.send(.score(ScoreCommand(id: "\(index)", code: "005930", score: 1)))
            guard case .ack = try await connection.receive() else { throw IPCError.disconnected }
            latencies.append(Date().timeIntervalSince(sent) * 1000)
        }
        return latencies
    }

    /// Encode and decode cost of a 50-tick batch message, per tick.
    static func codec(_ arguments: [String]) async throws -> BenchReport {
        let trade = Trade(code: "005930", time: "090001", price: 71_000, change: 500, changeRate: 0.71, volume: 10,
                          cumulativeVolume: 1_234_567, open: 70_500, high: 71_100, low: 70_400, ask: 71_100, bid: 71_000,
                          previousDayVolumeRate: 120.5, receivedAt: Date().timeIntervalSince1970)
        let codec = MessageCodec()
        let message = Message.trades(Array(repeating: trade, count: 50))
        let rounds = 2_000
        var start = cpuSeconds()
        var body: [UInt8] = []
        for _ in 0..<rounds { body = try codec.encode(message) }
        let encodeNs = (cpuSeconds() - start) * 1e9 / Double(rounds * 50)
        start = cpuSeconds()
        for _ in 0..<rounds { _ = try codec.decode(body) }
        let decodeNs = (cpuSeconds() - start) * 1e9 / Double(rounds * 50)
        let rest = try restBody()
        return BenchReport(name: "codec", lines: [
            String(format: "encode %.0f ns/tick, decode %.0f ns/tick (%d bytes per tick)", encodeNs, decodeNs, body.count / 50),
            String(format: "REST 30-row intstock-multprice body (%d bytes): decode %.0f µs (Foundation JSONDecoder %.0f µs), encode %.0f µs (Foundation JSONEncoder %.0f µs)",
                   rest.bytes, rest.fastDecode, rest.foundationDecode, rest.fastEncode, rest.foundationEncode),
        ], figures: [("encode_ns_per_tick", .number(encodeNs.rounded())), ("decode_ns_per_tick", .number(decodeNs.rounded())),
                     ("rest_body_decode_us", .number(rest.fastDecode.rounded())), ("rest_body_decode_foundation_us", .number(rest.foundationDecode.rounded())),
                     ("rest_body_encode_us", .number(rest.fastEncode.rounded())), ("rest_body_encode_foundation_us", .number(rest.foundationEncode.rounded()))])
    }

    /// A full intstock-multprice answer (30 rows of 29 keys, Korean names) decoded and encoded the
    /// way rest-poller and kis-sim do it, and with Foundation's coders: µs per body, CPU time.
    static func restBody() throws -> (bytes: Int, fastDecode: Double, foundationDecode: Double, fastEncode: Double, foundationEncode: Double) {
        let rows = (0..<30).map { i -> MultiPriceRow in
            var row = MultiPriceRow()
            for (k, key) in MultiPriceRow.keys.enumerated() { row[key] = String(10_000 + i * 37 + k * 11) }
            row.code = String(format: "%06d", 5930 + i)
            row.name = "삼성전자우\(i)"
            row["prdy_ctrt"] = "-0.46"
            return row
        }
        let response = RESTSingleResponse<[MultiPriceRow]>(output: rows, rtCode: "0", messageCode: "MCA00000", message: "정상처리 되었습니다.")
        let rounds = 300
        func time(_ body: () throws -> Void) rethrows -> Double {
            let start = cpuSeconds()
            for _ in 0..<rounds { try body() }
            return (cpuSeconds() - start) * 1e6 / Double(rounds)
        }
        let bytes = try FastJSONEncoder().encode(response)
        let data = Data(bytes)
        let fastEncode = try time { _ = try FastJSONEncoder().encode(response) }
        let foundationEncode = try time { _ = try JSONEncoder().encode(response) }
        let fastDecode = try time {
            let document = try FastJSONDecoder.parse(bytes)
            _ = RESTErrorDetector.error(in: bytes, parsed: document, httpStatus: 200)
            _ = try FastJSONDecoder().decode(RESTSingleResponse<[MultiPriceRow]>.self, from: document)
        }
        let foundationDecode = try time {
            _ = RESTErrorDetector.error(in: data, httpStatus: 200)
            _ = try JSONDecoder().decode(RESTSingleResponse<[MultiPriceRow]>.self, from: data)
        }
        guard try FastJSONDecoder().decode(RESTSingleResponse<[MultiPriceRow]>.self, from: bytes) == response,
              try JSONDecoder().decode(RESTSingleResponse<[MultiPriceRow]>.self, from: data) == response else {
            throw ExitError(.software, "the REST body did not survive a round trip")
        }
        return (bytes.count, fastDecode, foundationDecode, fastEncode, foundationEncode)
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))]
    }
}

/// CPU time used by this process (all threads), seconds: steadier than wall time on a busy machine.
func cpuSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// A lock-protected counter shared with handlers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add(_ n: Int) { lock.withLock { count += n } }
}
