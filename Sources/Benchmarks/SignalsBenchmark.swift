import Dispatch
import Foundation
import IPC
import SignalEngine
import System

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

    /// The restart snapshot of a whole market at its largest: `webSocket` stocks ticking every
    /// second and `rest` stocks quoted every 5 s for 15 market minutes (full tapes). Returns its
    /// size and the wall milliseconds to take, encode and write it, and to read and decode it.
    public static func snapshotFigures(webSocket: Int = 41, rest: Int = 2_559) throws
        -> (bytes: Int, saveMs: Double, loadMs: Double, stocks: Int) {
        var evaluator = SignalEvaluator()
        let stocks = webSocket + rest
        var volumes = [Int](repeating: 100_000, count: stocks)
        for second in 0..<900 {
            let time = marketOrigin + Double(second)
            for s in 0..<stocks where s < webSocket || (second + s) % 5 == 0 {
                volumes[s] += 100 + (second * 7 + s) % 300
                let price = 10_000 + (second / 10 + s) % 40 - 20
                let trade = Trade(code: String(format: "%06d", 100_000 + s), time: "100000", price: price, change: price - 10_000,
                                  changeRate: Double(price - 10_000) / 100, volume: 10, cumulativeVolume: volumes[s],
                                  open: 10_000, high: 0, low: 0, ask: price + 10, bid: price, previousDayVolumeRate: nil, receivedAt: 0)
                _ = evaluator.ingest(trade, now: time)
            }
        }
        let path = NSTemporaryDirectory() + "k41-snapshot-\(UInt32.random(in: 0...UInt32.max)).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let now = marketOrigin + 900
        let saveStart = DispatchTime.now().uptimeNanoseconds
        guard let snapshot = evaluator.snapshot(at: now) else { throw BenchmarkError("snapshot (empty evaluator)") }
        try snapshot.write(to: path)
        let loadStart = DispatchTime.now().uptimeNanoseconds
        guard let loaded = try SignalsSnapshot.read(from: path) else { throw BenchmarkError("cannot read back \(path)") }
        var restored = SignalEvaluator()
        restored.restore(loaded)
        let loadEnd = DispatchTime.now().uptimeNanoseconds
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        return (bytes, Double(loadStart - saveStart) / 1e6, Double(loadEnd - loadStart) / 1e6, restored.stockCount)
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
        // Every stock traded 500,000 shares the previous day: 1,500,000 is a volume breakout (×3).
        let service = SignalsService(environment: environment, configuration: SignalsConfiguration(),
                                     profileLookup: { _ in StockProfile(market: "KOSPI", previousDayVolume: 500_000) })
        let samples = LatencySamples()
        let subscriber = IPCClient(path: directory.socketPath(SocketName.signals), hello: Hello(name: "bench", topics: ["signal"]),
                                   logger: logger, onMessage: { message in
                                       if case .signal(let signal) = message { samples.add((Date().timeIntervalSince1970 - signal.receivedAt) * 1000) }
                                   })
        let tasks = [Task { try await gateway.run() }, Task { try await service.run() }, Task { await subscriber.run() }]
        defer { tasks.forEach { $0.cancel() } }
        let ready = Date().addingTimeInterval(10)
        while !(subscriber.isConnected && gateway.connectedPeers.contains { $0.topics.contains(.trade) }) {
            guard Date() < ready else { throw BenchmarkError("benchmark pipeline (not ready)") }
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
public final class LatencySamples: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Double] = []
    public init() {}
    public func add(_ value: Double) { lock.withLock { storage.append(value) } }
    public var count: Int { lock.withLock { storage.count } }
    public var values: [Double] { lock.withLock { storage } }
}
