import Foundation
import IPC
import System
import NATS
@testable import NATSBridge

/// The bridge between fake component sockets (IPC servers in a temporary run directory) and a
/// real nats-server.
final class BridgeHarness: @unchecked Sendable {
    let directory: RunDirectory
    let logger = Logger(label: "bridge-test", level: .critical)
    private(set) var servers: [String: IPCServer] = [:]
    private var tasks: [Task<Void, any Error>] = []
    private(set) var bridge: NATSBridgeService!
    private var bridgeTask: Task<Void, any Error>?

    init() throws {
        directory = RunDirectory(path: "/tmp/k41n-\(UInt32.random(in: 0...UInt32.max))")
        try directory.prepare()
    }

    /// Serves one component's socket; `handler` answers its requests.
    func serve(_ socket: String, handler: @escaping IPCServer.Handler = { _, _ in nil }) async {
        let path = directory.socketPath(socket)
        let server = IPCServer(name: socket, path: path, logger: logger, status: { ("running", ["fake": .bool(true)]) }, handler: handler)
        servers[socket] = server
        tasks.append(Task { try await server.run() })
        _ = await eventually { FileManager.default.fileExists(atPath: path) }
    }

    /// Starts the bridge towards `url`.
    func startBridge(url: String, credentials: NATSCredentials = .none,
                     configure: (inout NATSBridgeConfiguration) -> Void = { _ in }) throws {
        var configuration = NATSBridgeConfiguration()
        configuration.url = url
        configuration.statusIntervalSeconds = 0
        configure(&configuration)
        var nats = try NATSConfiguration(url: url, credentials: credentials, name: "kis41-nats-bridge")
        nats.reconnectInitialDelay = 0.05
        nats.reconnectMaximumDelay = 0.3
        bridge = NATSBridgeService(runDirectory: directory, configuration: configuration, nats: nats, logger: logger)
        let bridge = bridge!
        bridgeTask = Task { try await bridge.run() }
    }

    /// Waits until the bridge has said hello to `socket` for `topic`.
    func waitForSubscriber(_ socket: String, topic: Topic) async -> Bool {
        await eventually { self.servers[socket]?.connectedPeers.contains { $0.topics.contains(topic) } == true }
    }

    func publish(_ message: Message, on socket: String) { servers[socket]?.publish(message) }

    func cleanUp() {
        bridgeTask?.cancel()
        tasks.forEach { $0.cancel() }
        try? FileManager.default.removeItem(at: directory.url)
    }
}

/// Polls `condition` every 10 ms until it holds or `timeout` seconds pass (a bound, not a timing assertion).
func eventually(timeout: Double = 20, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return await condition()
}

/// Sample market data and signals.
enum Samples {
    static func trade(_ code: String, price: Int = 71_000) -> Trade {
        Trade(code: code, time: "090001", price: price, change: 500, changeRate: 0.71, volume: 10, cumulativeVolume: 1000,
              open: 70_500, high: 71_200, low: 70_400, ask: 71_100, bid: 71_000, receivedAt: 1_790_000_000.25)
    }

    static func book(_ code: String) -> OrderBook {
        OrderBook(code: code, time: "090001", asks: [BookLevel(price: 71_100, quantity: 5)], bids: [BookLevel(price: 71_000, quantity: 7)],
                  totalAskQuantity: 5, totalBidQuantity: 7, receivedAt: 1_790_000_000.5)
    }

    static func quote(_ code: String) -> Quote {
        Quote(code: code, price: 142_500, previousClose: 136_700, change: 5800, changeRate: 4.24, cumulativeVolume: 123_456,
              open: 137_000, high: 143_000, low: 136_900, receivedAt: 1_790_000_001)
    }

    static func signal(_ index: Int, kind: SignalKind = .gap, code: String = "005930") -> TradeSignal {
        TradeSignal(time: String(format: "2026-11-25T09:%02d:%02d+09:00", index / 60, index % 60), code: code, name: "Samsung",
                    kind: kind, direction: .up, strength: Double(index), price: 71_000 + index, changeRate: 1.5, volume: 100,
                    source: .websocket, tier: 1, dataAgeSeconds: 0.1, reason: "signal \(index)", receivedAt: 1_790_000_000 + Double(index))
    }

    static let allocation = Allocation(generation: 3, time: 32_400, window: "open", strategy: "kis41",
                                       holders: [SlotHolder(code: "005930", tier: 1, feeds: [.trade, .orderbook], score: 9.5, since: 32_000, reason: "gap")],
                                       slotsUsed: 2, capacity: 41, isFallback: false)
}
