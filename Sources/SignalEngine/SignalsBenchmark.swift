import Foundation
import Dispatch
import IPC

/// Figures for `./run bench signals`: evaluation cost per tick, and receive → signal latency across
/// the two IPC hops (fake gateway → `SignalsService` → a subscriber on `signals.sock`).
public enum SignalsBenchmark {
    /// 2026-11-25 10:00 KST: mid-session, so every evaluator is live.
    static let marketOrigin: Double = 1_795_532_400 + 10 * 3600

    /// A deterministic synthetic tape: `stocks` codes trading round-robin with a random walk and
    /// previous-day rates, one tick every 1/`ticksPerSecond` market seconds.
    static func syntheticTrades(count: Int, stocks: Int, ticksPerSecond: Double) -> [(Double, Trade)] {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 { seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407; return seed >> 33 }
        var prices = [Int](repeating: 10_000, count: stocks), volumes = [Int](repeating: 100_000, count: stocks)
        let codes = (0..<stocks).map { String(format: "%06d", 100_000 + $0) }
        return (0..<count).map { i in
            let s = i % stocks
            prices[s] = max(1_000, prices[s] + Int(next() % 41) - 20)
            volumes[s] += Int(next() % 500) + 1
            let trade = Trade(code: codes[s], time: "100000", price: prices[s], change: prices[s] - 10_000,
                              changeRate: Double(prices[s] - 10_000) / 100, volume: 10, cumulativeVolume: volumes[s],
                              open: 10_000, high: 0, low: 0, ask: prices[s] + 10, bid: prices[s],
                              previousDayVolumeRate: Double(next() % 400) + 50, receivedAt: 0)
            return (marketOrigin + Double(i) / ticksPerSecond, trade)
        }
    }

    /// Mean wall-clock nanoseconds `SignalEvaluator.ingest` takes per trade over `ticks` synthetic trades.
    public static func evaluationNanosecondsPerTick(ticks: Int = 500_000, stocks: Int = 2_000) -> Double {
        let trades = syntheticTrades(count: ticks, stocks: stocks, ticksPerSecond: 5_000)
        var evaluator = SignalEvaluator()
        var fired = 0
        let started = DispatchTime.now().uptimeNanoseconds
        for (time, trade) in trades { fired &+= evaluator.ingest(trade, now: time).signals.count }
        let elapsed = DispatchTime.now().uptimeNanoseconds - started
        precondition(fired >= 0)
        return Double(elapsed) / Double(ticks)
    }

    /// p50 and p99 of receive → signal latency, milliseconds, at `ticksPerSecond` for `seconds`.
    public static func latency(ticksPerSecond: Int = 5_000, seconds: Double = 5) async throws -> (p50Ms: Double, p99Ms: Double) {
        let samples = try await latencySamples(ticksPerSecond: ticksPerSecond, seconds: seconds).sorted()
        guard !samples.isEmpty else { return (.nan, .nan) }
        func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
        return (percentile(0.5), percentile(0.99))
    }

    /// Every signal's receive → delivery latency, milliseconds. One tick in 50 is a fresh stock
    /// crossing the volume-breakout threshold, so signals flow at a steady `ticksPerSecond / 50`.
    public static func latencySamples(ticksPerSecond: Int, seconds: Double) async throws -> [Double] {
        let directory = RunDirectory(path: "/tmp/k41b-\(UInt32.random(in: 0...UInt32.max))")
        try directory.prepare()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let logger = Logger(label: "bench", level: .critical)
        let gateway = IPCServer(name: "ws-gateway", path: directory.socketPath(SocketName.gateway), logger: logger,
                                status: { ("running", [:]) }, handler: { _, _ in nil })
        let clock = MarketClock.simulated(.init(originWall: Date().timeIntervalSince1970, originMarket: marketOrigin, speed: 1))
        let environment = ComponentEnvironment(name: "signals", runDirectory: directory, clock: clock,
                                               configuration: ConfigurationFile(path: nil, root: [:]), environment: [:], logger: logger)
        let service = SignalsService(environment: environment, configuration: SignalsConfiguration())
        let samples = LatencySamples()
        let subscriber = IPCClient(path: directory.socketPath(SocketName.signals), hello: Hello(name: "bench", topics: ["signal"]),
                                   logger: logger, onMessage: { message in
                                       if case .signal(let signal) = message { samples.add((Date().timeIntervalSince1970 - signal.receivedAt) * 1000) }
                                   })
        let tasks = [Task { try await gateway.run() }, Task { try await service.run() }, Task { await subscriber.run() }]
        defer { tasks.forEach { $0.cancel() } }
        let ready = Date().addingTimeInterval(10)
        while !(subscriber.isConnected && gateway.connectedPeers.contains { $0.topics.contains(.trade) }) {
            guard Date() < ready else { throw SignalsError.cannotOpen("benchmark pipeline (not ready)", 0) }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        var noise = syntheticTrades(count: 20_000, stocks: 500, ticksPerSecond: Double(ticksPerSecond)).map { $0.1 }
        for i in noise.indices { noise[i].change = 0; noise[i].previousDayVolumeRate = nil; noise[i].price = 10_000 }
        let total = Int(Double(ticksPerSecond) * seconds)
        var sent = 0, fresh = 0
        let start = Date()
        while sent < total {
            let due = min(total, Int(Date().timeIntervalSince(start) * Double(ticksPerSecond)))
            if due > sent {
                let stamp = Date().timeIntervalSince1970
                var batch: [Trade] = []
                batch.reserveCapacity(due - sent)
                for i in sent..<due {
                    var trade = noise[i % noise.count]
                    if i % 50 == 0 {
                        fresh += 1
                        trade.code = String(format: "B%05d", fresh)
                        trade.cumulativeVolume = 1_500_000
                    }
                    trade.receivedAt = stamp
                    batch.append(trade)
                }
                gateway.publish(.trades(batch))
                sent = due
            }
            try await Task.sleep(nanoseconds: 500_000)
        }
        let drained = Date().addingTimeInterval(2)
        while samples.count < fresh, Date() < drained { try await Task.sleep(nanoseconds: 10_000_000) }
        return samples.values
    }
}

/// A lock-protected list of latency samples.
final class LatencySamples: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Double] = []
    func add(_ value: Double) { lock.withLock { storage.append(value) } }
    var count: Int { lock.withLock { storage.count } }
    var values: [Double] { lock.withLock { storage } }
}
