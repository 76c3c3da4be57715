import Foundation
import IPC
import System
import NATS
import NATSBridge
import Net
import Simulator
import Benchmarks
#if canImport(Glibc)
import Glibc
#endif

/// `bench nats` (only when named): the bridge between in-process component sockets and a local
/// nats-server (Debian's package, JetStream on) with 50 subscribers on `kis41.>`.
///
/// - Signal latency: from the publish on `signals.sock` (where the signal engine hands a signal
///   out) to its arrival at each of the 50 NATS subscribers, 400 signals at 100/s.
/// - Trades/s: trades offered on `gateway.sock` at rates rising by half (2 s each, 50 codes a batch),
///   then two steps that halve the gap between the last rate without drops and the first with; the
///   figure is the highest rate the bridge published without dropping any (neither the gateway's
///   drops for the bridge nor the bridge's own), compared with a 41-slot day's peak.
enum NATSBench {
    /// `--subscribers N` (default 50; 0 measures the bridge without fan-out); `--client-subscribers`:
    /// each subscriber a full `NATSClient` (a message object per delivery) instead of a counter.
    static func run(_ arguments: [String]) async throws -> BenchReport {
        let subscriberCount = arguments.firstIndex(of: "--subscribers").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? 50
        let fullClients = arguments.contains("--client-subscribers")
        guard CaptureBench.explicitlyNamed("nats") else {
            return BenchReport(name: "nats", lines: ["skipped: needs nats-server; run ./run bench nats"], figures: [("skipped", .bool(true))])
        }
        let logger = Logger(label: "bench-nats", level: .error)
        let server = try await LocalNATSServer.start()
        defer { server.stop() }
        let directory = RunDirectory(path: "/tmp/k41nb-\(getpid())")
        try directory.prepare()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let signals = IPCServer(name: "signals", path: directory.socketPath(SocketName.signals), logger: logger, status: { ("running", [:]) }, handler: { _, _ in nil })
        let gateway = IPCServer(name: "ws-gateway", path: directory.socketPath(SocketName.gateway), logger: logger, status: { ("running", [:]) }, handler: { _, _ in nil })
        let servers = [Task { try await signals.run() }, Task { try await gateway.run() }]
        defer { servers.forEach { $0.cancel() } }
        try await Task.sleep(nanoseconds: 200_000_000)

        var configuration = NATSBridgeConfiguration()
        configuration.url = server.url
        configuration.topics = ["signal", "trade"]
        configuration.acceptsCommands = false
        configuration.statusIntervalSeconds = 0
        let bridge = NATSBridgeService(runDirectory: directory, configuration: configuration,
                                       nats: try NATSConfiguration(url: server.url, name: "kis41-nats-bridge"), logger: logger)
        let bridgeTask = Task { try await bridge.run() }
        defer { bridgeTask.cancel() }

        // The subscribers live in a child process: their reading must not take the bridge's threads.
        let subscribers = try SubscriberProcess(url: server.url, count: subscriberCount, fullClients: fullClients)
        defer { subscribers.stop() }
        guard await bridge.client.waitUntilConnected(timeout: 10), await waitForPeers(signals, gateway) else {
            throw ExitError(.temporaryFailure, "the bridge did not connect")
        }

        // Signal latency: each signal carries its publish time (wall clock, one machine) in receivedAt.
        for index in 0..<400 {
            signals.publish(.signal(signal(index)))
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        var report = try await subscribers.report()
        for _ in 0..<100 where report.signals < 400 * subscriberCount {
            try await Task.sleep(nanoseconds: 100_000_000)
            report = try await subscribers.report()
        }
        let p50 = report.p50, p99 = report.p99

        // Trades per second before drops.
        let codes = (0..<50).map { String(format: "%06d", 100_000 + $0) }
        var bestRate = 0.0, bestDelivered = 0.0
        var steps: [String] = []
        var rate = 10_000.0
        // Rates rise by half until a step drops; two more steps then halve the gap (geometrically)
        // between the last rate that passed and the first that did not, so that the figure is not
        // up to a third below the rate the bridge sustains only because of the step size.
        var passed: Double?, failed: Double?, refinements = 0
        while rate <= 640_000 {
            let droppedBefore = drops(bridge, gateway, batch: codes.count)
            let publishedBefore = bridge.counters.value(BridgeCounters.published("trade"))
            let receivedBefore = try await subscribers.report().trades
            let start = DispatchTime.now().uptimeNanoseconds
            let (sent, offered) = try await offer(rate: rate, seconds: 2, codes: codes, on: gateway)
            // The bridge's rate: until it has published (or dropped) every trade offered.
            _ = await waitUntil(timeout: 10) {
                bridge.counters.value(BridgeCounters.published("trade")) - publishedBefore + drops(bridge, gateway, batch: codes.count).total - droppedBefore.total >= sent
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let published = bridge.counters.value(BridgeCounters.published("trade")) - publishedBefore
            let droppedNow = drops(bridge, gateway, batch: codes.count)
            let (droppedIPC, droppedNATS) = (droppedNow.ipc - droppedBefore.ipc, droppedNow.nats - droppedBefore.nats)
            let dropped = droppedIPC + droppedNATS
            var delivered = try await subscribers.report().trades - receivedBefore
            for _ in 0..<50 where delivered < published * subscriberCount {
                try await Task.sleep(nanoseconds: 100_000_000)
                delivered = try await subscribers.report().trades - receivedBefore
            }
            let bridged = Double(published) / elapsed
            let share = Double(delivered) / Double(max(1, published * subscriberCount))
            steps.append((refinements > 0 ? "refining: " : "") + String(format: "offered %6.0f trades/s (sent %6.0f/s): bridge published %6d at %6.0f/s, dropped %d (%d waiting on the IPC socket, %d waiting for NATS); subscribers got %5.1f%%",
                                rate, offered, published, bridged, dropped, droppedIPC, droppedNATS, 100 * share))
            if dropped > 0 || published < sent {
                failed = rate
            } else {
                passed = rate
                bestRate = max(bestRate, bridged)
                if share >= 1 { bestDelivered = max(bestDelivered, bridged) }
            }
            guard let high = failed else { rate *= 1.5; continue }
            guard let low = passed, refinements < 2 else { break }
            refinements += 1
            rate = (low * high).squareRoot()
        }
        let peak = peakTradeRate()
        return BenchReport(name: "nats", lines: [
            String(format: "signal latency, signals.sock to %d NATS subscribers (another process): p50 %.3f ms, p99 %.3f ms (%d receipts)",
                   subscriberCount, p50, p99, report.signals),
        ] + steps + [
            String(format: "trades/s through the bridge before drops: %.0f (%.1f x a 41-slot day's peak of %.0f/s)", bestRate, bestRate / peak, peak),
            String(format: "trades/s every one of the %d subscribers received in full: %.0f", subscriberCount, bestDelivered),
        ], figures: [
            ("subscribers", .number(Double(subscriberCount))),
            ("signal_latency_p50_ms", .number((p50 * 1000).rounded() / 1000)), ("signal_latency_p99_ms", .number((p99 * 1000).rounded() / 1000)),
            ("trades_per_s", .number(bestRate.rounded())), ("peak_41_slot_trades_per_s", .number(peak.rounded())),
            ("fully_delivered_trades_per_s", .number(bestDelivered.rounded())),
        ])
    }

    /// A 41-slot day's peak trade rate: kis-sim's busiest stocks trade at most 40 times a second on
    /// average, at the open the intraday curve multiplies that by its peak intensity.
    static func peakTradeRate() -> Double {
        let profile = IntradayProfile()
        let peak = stride(from: KRXRules.continuousStart, to: KRXRules.closingAuctionStart, by: 10).map(profile.intensity(at:)).max() ?? 1
        return 41 * 40 * peak
    }

    /// Trades dropped so far: by the gateway's socket for the bridge (it counts messages, each a
    /// batch of `batch` trades) and by the bridge while NATS did not take them.
    private static func drops(_ bridge: NATSBridgeService, _ gateway: IPCServer, batch: Int) -> (ipc: Int, nats: Int, total: Int) {
        let ipc = gateway.connectedPeers.reduce(0) { $0 + $1.droppedCount } * batch
        let nats = bridge.counters.value(BridgeCounters.dropped("trade"))
        return (ipc, nats, ipc + nats)
    }

    /// Offers trades at `rate` for `seconds` in 2 ms ticks; returns how many were sent and at what rate.
    private static func offer(rate: Double, seconds: Double, codes: [String], on gateway: IPCServer) async throws -> (Int, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        var sent = 0
        var price = 10_000
        while true {
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if elapsed >= seconds { return (sent, Double(sent) / elapsed) }
            let due = Int(rate * elapsed) - sent
            if due >= codes.count {
                for _ in 0..<(due / codes.count) {
                    price += 1
                    gateway.publish(.trades(codes.map { trade($0, price: price) }))
                    sent += codes.count
                }
            }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
    }

    private static func waitForPeers(_ servers: IPCServer...) async -> Bool {
        await waitUntil(timeout: 10) { servers.allSatisfy { !$0.connectedPeers.isEmpty } }
    }

    private static func waitUntil(timeout: Double, _ condition: () throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try condition() { return true }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        return try condition()
    }

    static func signal(_ index: Int) -> TradeSignal {
        TradeSignal(time: "2026-11-25T09:00:00+09:00", code: "005930", name: "Samsung", kind: .gap, direction: .up, strength: 3,
                    price: 71_000, changeRate: 3.1, volume: index, source: .websocket, tier: 1, dataAgeSeconds: 0.05,
                    reason: "bench", receivedAt: Date().timeIntervalSince1970)
    }

    static func trade(_ code: String, price: Int) -> Trade {
        Trade(code: code, time: "090001", price: price, change: 500, changeRate: 0.71, volume: 10, cumulativeVolume: 1_234_567,
              open: 70_500, high: 71_100, low: 70_400, ask: 71_100, bid: 71_000, receivedAt: 1_790_000_000)
    }
}

/// The child process's side: `kis41-bench __nats-subscribers URL COUNT` subscribes COUNT clients to
/// `kis41.>`, prints `ready`, then answers each `report` line on stdin with one JSON line.
///
/// The subscribers are a harness: each is a real NATS connection of its own (`CONNECT`, `SUB
/// kis41.> 1`, `PONG` to the server's `PING`s) that reads every byte the server sends, in chunks of
/// up to 256 KiB, and counts every message by scanning its `MSG` line (`NATSMessageCounter`);
/// only signals are parsed further (their latency). A full `NATSClient` per subscriber builds a
/// message (subject string, payload array) per delivery: 50 of them took more CPU on the 2 cores
/// than the bridge under measurement.
extension NATSBench {
    static let subscriberCommand = "__nats-subscribers"

    static func serveSubscribers(url: String, count: Int, fullClients: Bool) async throws {
        let configuration = try NATSConfiguration(url: url)
        let receipts = Receipts()
        var tasks: [Task<Void, Never>] = []
        var ready: [AsyncStream<Void>] = []
        for index in 0..<count where fullClients {
            // For comparison (`--client-subscribers`): the project's client, a message per delivery.
            let client = NATSClient(configuration: try NATSConfiguration(url: url, name: "sub-\(index)"), logger: Logger(label: "bench-nats-subscribers", level: .error))
            tasks.append(Task { await client.run() })
            guard await client.waitUntilConnected(timeout: 10) else { throw ExitError(.temporaryFailure, "subscriber \(index) cannot connect") }
            _ = try await client.subscribe("kis41.>") { message in
                if message.subject.hasPrefix("kis41.trade.") { receipts.addTrades(1) } else if message.subject.hasPrefix("kis41.signal.") { receipts.recordSignal(payload: message.payload) }
            }
            try await client.flush()
        }
        for index in 0..<count where !fullClients {
            let channel = try await TCPSocket.connect(host: configuration.host, port: configuration.port, timeout: .seconds(10))
            // A deep receive buffer: nats-server hands over bigger chunks, the subscriber wakes less often.
            var size: Int32 = 4 << 20
            _ = setsockopt(channel.fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            let hello = #"CONNECT {"verbose":false,"pedantic":false,"name":"sub-\#(index)","lang":"swift","version":"kis41-bench","protocol":1}"# + "\r\nSUB kis41.> 1\r\nPING\r\n"
            try channel.write(Array(hello.utf8))
            let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
            ready.append(stream)
            tasks.append(Task { await subscriber(channel, receipts: receipts, ready: continuation) })
        }
        // Every SUB is in place once its PING has its PONG.
        for stream in ready {
            var iterator = stream.makeAsyncIterator()
            guard await iterator.next() != nil else { throw ExitError(.temporaryFailure, "a subscriber could not subscribe") }
        }
        StandardOutput.writeLine("ready")
        // stdin is read on its own thread: a blocking read never takes a cooperative thread.
        let finished = AsyncStream<Void>.makeStream()
        let reader = Thread {
            while let line = readLine() {
                guard line == "report" else { continue }
                let (signals, latencies, trades) = receipts.snapshot()
                let sorted = latencies.sorted()
                StandardOutput.writeLine(#"{"signals":\#(signals),"p50":\#(IPCBench.percentile(sorted, 0.5)),"p99":\#(IPCBench.percentile(sorted, 0.99)),"trades":\#(trades)}"#)
            }
            finished.continuation.finish()
        }
        reader.start()
        for await _ in finished.stream {}
        tasks.forEach { $0.cancel() }
    }

    /// One subscriber's connection: reads and counts until it ends.
    private static func subscriber(_ channel: StreamChannel, receipts: Receipts, ready: AsyncStream<Void>.Continuation) async {
        defer { channel.close(); ready.finish() }
        var counter = NATSMessageCounter(prefixes: ["kis41.trade.", "kis41.signal."], capturePrefix: "kis41.signal.")
        var (pings, trades) = (0, 0)
        while !Task.isCancelled {
            guard let bytes = try? await channel.read(maxBytes: 256 << 10), !bytes.isEmpty else { return }
            do {
                try counter.consume(bytes) { receipts.recordSignal(payload: $0) }
            } catch {
                FileHandle.standardError.write(Data("subscriber: \(error)\n".utf8))
                return
            }
            if counter.pongs > 0 { ready.yield(); ready.finish() }
            if counter.pings > pings {
                pings = counter.pings
                try? channel.write(Array("PONG\r\n".utf8))
            }
            let total = counter.count("kis41.trade.")
            if total > trades { receipts.addTrades(total - trades); trades = total }
        }
    }
}

/// What the subscribers received: signal latencies (publish time carried in `receivedAt`) and trades.
final class Receipts: @unchecked Sendable {
    private let lock = NSLock()
    private var latencies: [Double] = []
    private var trades = 0

    func addTrades(_ count: Int) { lock.withLock { trades += count } }

    func recordSignal(payload: [UInt8]) {
        let now = Date().timeIntervalSince1970
        guard let sent = Self.receivedAt(in: payload) else { return }
        lock.withLock { latencies.append((now - sent) * 1000) }
    }

    /// The `receivedAt` number of a signal's JSON, found by a scan: 50 subscribers decoding whole
    /// signals in one process would delay each other's receipts more than the bridge does.
    static func receivedAt(in payload: [UInt8]) -> Double? {
        let key = Array(#""receivedAt":"#.utf8)
        guard payload.count > key.count else { return nil }
        for start in 0...(payload.count - key.count) where payload[start] == key[0] && payload[start..<(start + key.count)].elementsEqual(key) {
            let digits = payload[(start + key.count)...].prefix { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2e || $0 == 0x2d || $0 == 0x65 || $0 == 0x2b }
            return Double(String(decoding: digits, as: UTF8.self))
        }
        return nil
    }

    func snapshot() -> (Int, [Double], Int) { lock.withLock { (latencies.count, latencies, trades) } }
}

/// The parent's handle on the subscriber process.
final class SubscriberProcess: @unchecked Sendable {
    struct Report: Decodable { var signals: Int; var p50: Double; var p99: Double; var trades: Int }
    private let process = Process()
    private let input = Pipe(), output = Pipe()
    private var buffer: [UInt8] = []

    init(url: String, count: Int, fullClients: Bool) throws {
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = [NATSBench.subscriberCommand, url, String(count)] + (fullClients ? ["clients"] : [])
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        guard readLine() == "ready" else { throw ExitError(.temporaryFailure, "the subscriber process did not start") }
    }

    /// Asks for the counts so far.
    func report() async throws -> Report {
        let line: String? = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.input.fileHandleForWriting.write(Data("report\n".utf8))
                continuation.resume(returning: self.readLine())
            }
        }
        guard let line, let report = try? JSONDecoder().decode(Report.self, from: Data(line.utf8)) else {
            throw ExitError(.temporaryFailure, "the subscriber process stopped answering")
        }
        return report
    }

    /// One line from the child (blocking: called at start and on a Dispatch queue).
    private func readLine() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeFirst(newline + 1)
                return line
            }
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { return nil }
            buffer.append(contentsOf: data)
        }
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }
}

/// A nats-server for the benchmark: a free loopback port, JetStream in a temporary store.
struct LocalNATSServer {
    let process: Process
    let url: String
    let directory: URL

    static func start() async throws -> LocalNATSServer {
        let candidates = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin"]
        guard let binary = candidates.map({ "\($0)/nats-server" }).first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw ExitError(.configuration, "bench nats needs nats-server: apt-get install -y nats-server")
        }
        let listener = try TCPSocket.listen(host: "127.0.0.1", port: 0)
        let port = listener.port
        listener.close()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("k41-bench-nats-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-a", "127.0.0.1", "-p", "\(port)", "-js", "-sd", directory.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if let channel = try? await TCPSocket.connect(host: "127.0.0.1", port: port, timeout: .seconds(1)) { channel.close(); break }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        return LocalNATSServer(process: process, url: "nats://127.0.0.1:\(port)", directory: directory)
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }
}
