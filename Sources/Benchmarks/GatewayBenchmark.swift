import Foundation
import Gateway
import IPC
import KIS
import Net
import System

/// Throughput figures for `./run bench gateway` (the bench executable prints them).
public enum GatewayBenchmark {
    /// Real-shaped frames: `tradeFrames` H0STCNT0 frames (46 fields per record, 005930-like
    /// values) and `orderBookFrames` H0STASP0 frames, `recordsPerFrame` records each.
    public static func corpus(tradeFrames: Int = 2_000, orderBookFrames: Int = 0, recordsPerFrame: Int = 4) -> [[UInt8]] {
        let encoder = DataFrameEncoder()
        var frames: [[UInt8]] = []
        for frame in 0..<tradeFrames {
            frames.append(encoder.encode(trades: (0..<recordsPerFrame).map { index in
                let price = 71_900 + ((frame + index) % 20) * 100
                return TradeRecord(code: String(format: "%06d", 5930 + index), time: "093354", price: price, changeSign: .fall,
                                   change: -100, changeRate: -0.14, weightedAveragePrice: 72023.83, open: 72100, high: 72400,
                                   low: 71700, askPrice: price, bidPrice: price - 100, volume: 1 + frame % 50,
                                   cumulativeVolume: 3_052_507 + frame, cumulativeAmount: 219_853_241_700, sellTradeCount: 5105,
                                   buyTradeCount: 6937, netBuyTradeCount: 1832, tradeStrength: 84.9, sellVolume: 1_366_314,
                                   buyVolume: 1_159_996, buyRatio: 0.39, volumeRateVersusPreviousDay: 20.28,
                                   businessDate: "20261125", askQuantity: 65945, bidQuantity: 216_924,
                                   totalAskQuantity: 1_118_750, totalBidQuantity: 2_199_206, volumeTurnover: 0.05,
                                   previousDaySameTimeVolume: 2_424_142, previousDaySameTimeVolumeRate: 125.92,
                                   viStandardPrice: 72100)
            }))
        }
        for frame in 0..<orderBookFrames {
            frames.append(encoder.encode(trID: RealtimeTR.orderBook, records: (0..<recordsPerFrame).map { index in
                .orderBook(OrderBookRecord(code: String(format: "%06d", 5930 + index), time: "093354",
                                           asks: (0..<10).map { OrderBookLevel(price: 71_900 + $0 * 100, quantity: 1000 + frame + $0) },
                                           bids: (0..<10).map { OrderBookLevel(price: 71_800 - $0 * 100, quantity: 2000 + $0) },
                                           totalAskQuantity: 1_118_750, totalBidQuantity: 2_199_206, cumulativeVolume: 3_159_115))
            }))
        }
        return frames
    }

    /// Records per second decoded by `DataFrameParser` alone over `corpus`, repeated for at least
    /// `minimumSeconds` on the calling thread.
    public static func parserRecordsPerSecond(corpus: [[UInt8]], minimumSeconds: Double = 1) -> Double {
        let parser = DataFrameParser()
        var records = 0
        let start = DispatchTime.now().uptimeNanoseconds
        var elapsed = 0.0
        repeat {
            for frame in corpus {
                if let parsed = try? parser.parse(frame) { records += parsed.records.count }
            }
            elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        } while elapsed < minimumSeconds
        return Double(records) / elapsed
    }

    /// Records per second along the whole data path: WebSocket frame bytes written to a loopback
    /// TCP socket → WebSocket decode → `DataFrameParser` → IPC `Trade`s → `IPCServer.publish` →
    /// one subscriber reading them from a Unix socket. Counts records the subscriber received
    /// (IPC market-data drops for a slow subscriber are excluded, and returned separately), and
    /// returns that count too.
    public static func fullPathRecordsPerSecond(corpus: [[UInt8]], repetitions: Int = 20, directory: String = NSTemporaryDirectory())
        async throws -> (recordsPerSecond: Double, droppedMessages: Int, receivedRecords: Int) {
        var logger = Logger(label: "gateway-bench")
        logger.logLevel = .error
        let socketPath = (directory as NSString).appendingPathComponent("gwbench-\(getpid()).sock")
        let server = IPCServer(name: "ws-gateway", path: socketPath, logger: logger, status: { ("running", [:]) }, handler: { _, _ in nil })
        let serving = Task { try? await server.run() }
        defer { serving.cancel() }
        let received = Counter()
        while !FileManager.default.fileExists(atPath: socketPath) { try await Task.sleep(nanoseconds: 1_000_000) }
        let client = IPCClient(path: socketPath, hello: Hello(name: "bench", topics: ["trade"]), logger: logger,
                               onMessage: { if case .trades(let trades) = $0 { received.add(trades.count) } })
        let clientTask = Task { await client.run() }
        defer { clientTask.cancel() }
        while server.connectedPeers.first(where: { $0.topics.contains(.trade) }) == nil { try await Task.sleep(nanoseconds: 1_000_000) }

        // The "KIS" side: every frame pre-encoded as an unmasked server text frame.
        var wire: [UInt8] = []
        var total = 0
        let parser = DataFrameParser()
        for frame in corpus {
            WebSocketFrameEncoder.encode(WebSocketFrame(opcode: .text, payload: frame), into: &wire)
            total += (try? parser.parse(frame).records.count) ?? 0
        }
        total *= repetitions
        let listener = try TCPSocket.listen(port: 0)
        defer { listener.close() }
        async let accepted = listener.accept()
        let clientChannel = try await TCPSocket.connect(host: "127.0.0.1", port: listener.port)
        let serverChannel = try await accepted
        let connection = WebSocketConnection(stream: PlainByteStream(clientChannel), role: .client)
        let processor = FrameProcessor(logger: logger, logInterval: 60, cipher: { _ in nil }, publish: { server.publish($0) })

        let start = DispatchTime.now().uptimeNanoseconds
        let writer = Task {
            let stream = PlainByteStream(serverChannel)
            for _ in 0..<repetitions { try await stream.write(wire) }
            try await stream.flush()
        }
        var frames = 0
        while frames < corpus.count * repetitions {
            guard case .text(let bytes) = try await connection.receive() else { continue }
            processor.process(bytes, receivedAt: Date().timeIntervalSince1970)
            frames += 1
        }
        try await writer.value
        func dropped() -> Int { server.connectedPeers.reduce(0) { $0 + $1.droppedCount } }
        let perMessage = max(1, total / max(1, corpus.count * repetitions))
        while received.value + dropped() * perMessage < total { try await Task.sleep(nanoseconds: 200_000) }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        serverChannel.close(); clientChannel.close()
        return (Double(received.value) / elapsed, dropped(), received.value)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add(_ n: Int) { lock.withLock { count += n } }
    var value: Int { lock.withLock { count } }
}
