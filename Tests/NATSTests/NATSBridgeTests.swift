import Foundation
import Testing
import IPC
import System
import Allocation
import Benchmarks
@testable import NATS
@testable import NATSBridge

/// The bridge end to end: fake component sockets on one side, a real nats-server on the other.
@Suite(.serialized, .enabled(if: NATSServerHarness.isEnabled, "nats-server is not installed (apt-get install -y nats-server)"))
struct NATSBridgeTests {
    let codec = MessageCodec()

    @Test func everyTopic_arrivesOnItsSubject_withTheSameJSON() async throws {
        let server = try NATSServerHarness()
        defer { server.cleanUp() }
        try await server.start()
        let harness = try BridgeHarness()
        defer { harness.cleanUp() }
        for socket in [SocketName.gateway, SocketName.poller, SocketName.allocator, SocketName.signals] { await harness.serve(socket) }
        let (consumer, consumerTask) = try await server.client(name: "consumer")
        defer { consumerTask.cancel() }
        let collector = MessageCollector(try await consumer.subscribe("kis41.>"))
        try await consumer.flush()
        try harness.startBridge(url: server.url) { $0.statusIntervalSeconds = 0.2 }
        #expect(await harness.bridge.client.waitUntilConnected(timeout: 15))
        for (socket, topic) in [(SocketName.gateway, Topic.trade), (SocketName.gateway, .orderbook), (SocketName.poller, .quote),
                                (SocketName.allocator, .allocation), (SocketName.signals, .signal)] {
            #expect(await harness.waitForSubscriber(socket, topic: topic), "no \(topic) subscriber on \(socket)")
        }

        let trades = Message.trades([Samples.trade("005930"), Samples.trade("000660"), Samples.trade("005930", price: 71_100)])
        let books = Message.orderBooks([Samples.book("005930")])
        let quotes = Message.quotes([Samples.quote("035420")])
        let signal = Message.signal(Samples.signal(1, kind: .volumeSurge, code: "000660"))
        let allocation = Message.allocation(Samples.allocation)
        harness.publish(trades, on: SocketName.gateway)
        harness.publish(books, on: SocketName.gateway)
        harness.publish(quotes, on: SocketName.poller)
        harness.publish(allocation, on: SocketName.allocator)
        harness.publish(signal, on: SocketName.signals)

        let expected: [(String, Message)] = [
            ("kis41.trade.005930", .trades([Samples.trade("005930"), Samples.trade("005930", price: 71_100)])),
            ("kis41.trade.000660", .trades([Samples.trade("000660")])),
            ("kis41.orderbook.005930", books), ("kis41.quote.035420", quotes),
            ("kis41.allocation", allocation), ("kis41.signal.volume_surge.000660", signal),
        ]
        let subjects = Set(expected.map(\.0))
        let received = await collector.wait(for: expected.count) { subjects.contains($0.subject) }
        for (subject, message) in expected {
            let payloads = received.filter { $0.subject == subject }.map(\.payload)
            #expect(payloads == [try codec.encode(message)], "\(subject)")
            #expect(payloads.first.flatMap { try? codec.decode($0) } == message, "\(subject) decodes to the IPC message")
        }
        // Each component's status reply, on kis41.status.<component>.
        let wanted: Set<String> = ["kis41.status.gateway", "kis41.status.poller", "kis41.status.allocator", "kis41.status.signals", "kis41.status.nats-bridge"]
        _ = await eventually { wanted.isSubset(of: Set(collector.received.map(\.subject))) }
        let components = Set(collector.received.map(\.subject).filter { $0.hasPrefix("kis41.status.") })
        for name in ["gateway", "poller", "allocator", "signals", "nats-bridge"] {
            #expect(components.contains("kis41.status.\(name)"), "no kis41.status.\(name) in \(components.sorted())")
        }
    }

    @Test func lateConsumer_replaysEverySignal_fromJetStream() async throws {
        let server = try NATSServerHarness()
        defer { server.cleanUp() }
        try await server.start()
        let harness = try BridgeHarness()
        defer { harness.cleanUp() }
        await harness.serve(SocketName.signals)
        try harness.startBridge(url: server.url) { $0.topics = ["signal"]; $0.acceptsCommands = false }
        #expect(await harness.waitForSubscriber(SocketName.signals, topic: .signal))
        let signals = (0..<30).map { Samples.signal($0, kind: $0 % 2 == 0 ? .gap : .momentum, code: String(format: "%06d", $0 % 3)) }
        for signal in signals { harness.publish(.signal(signal), on: SocketName.signals) }
        #expect(await eventually { harness.bridge.counters.value(BridgeCounters.signalsAcknowledged) == 30 })

        // A consumer that was not there while they were published.
        let (late, lateTask) = try await server.client(name: "late")
        defer { lateTask.cancel() }
        let replay = MessageCollector(try await JetStream(client: late, timeout: 10).replay(stream: "KIS41_SIGNALS", filterSubject: "kis41.signal.>"))
        let replayed = await replay.wait(for: 30)
        #expect(replayed.compactMap { try? codec.decode($0.payload) } == signals.map { Message.signal($0) })
        #expect(replayed.map(\.subject) == signals.map { "kis41.signal.\($0.kind).\($0.code)" })
    }

    @Test func natsOutage_losesNoSignal_andCountsDroppedMarketData() async throws {
        let server = try NATSServerHarness()
        defer { server.cleanUp() }
        try await server.start()
        let harness = try BridgeHarness()
        defer { harness.cleanUp() }
        await harness.serve(SocketName.signals)
        await harness.serve(SocketName.gateway)
        // Three signals in memory, the rest to the spill file.
        try harness.startBridge(url: server.url) { $0.topics = ["signal", "trade"]; $0.acceptsCommands = false; $0.signalMemoryLimit = 3 }
        #expect(await harness.waitForSubscriber(SocketName.signals, topic: .signal))
        #expect(await harness.waitForSubscriber(SocketName.gateway, topic: .trade))
        let bridge = harness.bridge!
        #expect(await bridge.client.waitUntilConnected(timeout: 15))
        let signals = (0..<20).map { Samples.signal($0) }
        for signal in signals.prefix(5) { harness.publish(.signal(signal), on: SocketName.signals) }
        harness.publish(.trades([Samples.trade("005930")]), on: SocketName.gateway)
        #expect(await eventually { bridge.counters.value(BridgeCounters.signalsAcknowledged) == 5 })
        #expect(await eventually { bridge.counters.value(BridgeCounters.published("trade")) == 1 })

        server.stop(kill: true)
        #expect(await eventually { !bridge.client.isConnected })
        for signal in signals.dropFirst(5) { harness.publish(.signal(signal), on: SocketName.signals) }
        for _ in 0..<4 { harness.publish(.trades([Samples.trade("005930"), Samples.trade("000660")]), on: SocketName.gateway) }
        #expect(await eventually { bridge.counters.value(BridgeCounters.signalsReceived) == 20 })
        #expect(await eventually { bridge.counters.value(BridgeCounters.dropped("trade")) == 8 })
        #expect(bridge.spool.count == 15)
        #expect(bridge.spool.spilled == 12, "three in memory, the rest in the spill file")
        #expect(bridge.status().state == "degraded")

        try await server.start()
        #expect(await eventually { bridge.counters.value(BridgeCounters.signalsAcknowledged) == 20 })
        #expect(bridge.spool.count == 0 && bridge.spool.droppedCount == 0)
        #expect(!FileManager.default.fileExists(atPath: harness.directory.path("nats-spill.jsonl")))
        let (late, lateTask) = try await server.client(name: "late")
        defer { lateTask.cancel() }
        let replay = MessageCollector(try await JetStream(client: late, timeout: 10).replay(stream: "KIS41_SIGNALS"))
        let replayed = await replay.wait(for: 20)
        #expect(replayed.compactMap { try? codec.decode($0.payload) } == signals.map { Message.signal($0) }, "every signal once, in order")
    }

    @Test func signalRefusedForGood_isCountedAndSkipped_notRetriedBeforeTheOthers() async throws {
        let server = try NATSServerHarness(extraConfiguration: "max_payload: 1000")
        defer { server.cleanUp() }
        try await server.start()
        let harness = try BridgeHarness()
        defer { harness.cleanUp() }
        await harness.serve(SocketName.signals)
        try harness.startBridge(url: server.url) { $0.topics = ["signal"]; $0.acceptsCommands = false }
        #expect(await harness.waitForSubscriber(SocketName.signals, topic: .signal))
        #expect(await harness.bridge.client.waitUntilConnected(timeout: 15))
        var huge = Samples.signal(0)
        huge.reason = String(repeating: "x", count: 2000)
        harness.publish(.signal(huge), on: SocketName.signals)
        harness.publish(.signal(Samples.signal(1)), on: SocketName.signals)
        #expect(await eventually { harness.bridge.counters.value(BridgeCounters.signalsAcknowledged) == 1 })
        #expect(harness.bridge.counters.value(BridgeCounters.signalsRejected) == 1 && harness.bridge.spool.count == 0)
    }

    @Test func emergencyFromNATS_promotesTheStock_andOnlyPermittedUsersCanSendIt() async throws {
        let server = try NATSServerHarness(extraConfiguration: NATSServerHarness.authorization)
        defer { server.cleanUp() }
        try await server.start()
        let harness = try BridgeHarness()
        defer { harness.cleanUp() }
        let subscribed = CodeRecorder()
        await harness.serve(SocketName.gateway) { message, _ in
            switch message {
            case .ledgerRequest(let request): return .ledger(Ledger(id: request.id, connected: true, capacity: 41, entries: []))
            case .subscribe(let command): subscribed.add(command.code); return .ack(Ack(id: command.id))
            case .unsubscribe(let command): return .ack(Ack(id: command.id))
            default: return nil
            }
        }
        await harness.serve(SocketName.poller) { message, _ in message.id.map { .ack(Ack(id: $0)) } }
        // The real allocator on a synthetic 100-stock market.
        let now = MarketClock.time(hour: 10, minute: 0, sameDayAs: 1_790_000_000)
        let environment = ComponentEnvironment(name: "allocator", runDirectory: harness.directory, clock: .manual(at: now),
                                               configuration: ConfigurationFile(path: nil, root: [:]), environment: [:], logger: harness.logger)
        var state = AllocatorBenchmark.syntheticState(stocks: 100, now: now)
        state.configuration.decisionIntervalMilliseconds = 20
        state.configuration.commandSpacingMilliseconds = 0
        state.configuration.useSignals = false
        state.configuration.persistIntervalSeconds = 0
        let allocator = Task { try await AllocatorService(environment: environment, state: state).run() }
        defer { allocator.cancel() }
        #expect(await eventually { subscribed.count >= 30 })
        let outsider = (0..<100).map { String(format: "%06d", 100_000 + $0) }.first { !subscribed.contains($0) }!

        try harness.startBridge(url: server.url, credentials: .userPassword(user: "bridge", password: "bridge-pw")) {
            $0.topics = ["allocation"]
        }
        #expect(await harness.bridge.client.waitUntilConnected(timeout: 15))
        #expect(await eventually { harness.bridge.allocator?.isConnected == true })
        let command = Array(#"{"type":"emergency","id":"t1","code":"\#(outsider)","priority":100,"reason":"nats"}"#.utf8)

        // A read-only user's command is refused by the server: no reply, nothing forwarded.
        let (reader, readerTask) = try await server.client(.userPassword(user: "reader", password: "reader-pw"), name: "reader")
        defer { readerTask.cancel() }
        await #expect(throws: NATSError.self) { _ = try await reader.request("kis41.cmd.allocator", payload: command, timeout: 1) }
        #expect(harness.bridge.counters.value(BridgeCounters.commandsForwarded) == 0)

        // The trader's is forwarded and answered with the allocator's own ack; the stock gets its slot.
        let (trader, traderTask) = try await server.client(.userPassword(user: "trader", password: "trader-pw"), name: "trader")
        defer { traderTask.cancel() }
        let reply = try await trader.request("kis41.cmd.allocator", payload: command, timeout: 10)
        guard case .ack(let ack) = try codec.decode(reply.payload) else { Issue.record("not an ack: \(String(decoding: reply.payload, as: UTF8.self))"); return }
        #expect(ack.id == "t1" && ack.result == "ok")
        #expect(await eventually { subscribed.contains(outsider) }, "the gateway was never asked to subscribe \(outsider)")

        // Anything else is refused by the bridge with the IPC error codes.
        for (payload, code) in [(#"{"type":"strategy","action":"reload"}"#, "unsupported"), (#"{"type":"score","code":"005930"}"#, "invalid_json"), ("nope", "invalid_json")] {
            let refused = try await trader.request("kis41.cmd.allocator", payload: Array(payload.utf8), timeout: 10)
            guard case .error(let error) = try codec.decode(refused.payload) else { Issue.record("\(payload) was not refused"); continue }
            #expect(error.code == code, "\(payload): \(error.reason)")
        }
        // The allocator saves its state on the way out: let it finish before the run directory goes.
        allocator.cancel()
        _ = await allocator.result
    }
}

/// Codes a fake gateway was asked to subscribe.
final class CodeRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var codes: [String] = []
    func add(_ code: String) { lock.withLock { codes.append(code) } }
    func contains(_ code: String) -> Bool { lock.withLock { codes.contains(code) } }
    var count: Int { lock.withLock { codes.count } }
    var all: [String] { lock.withLock { codes } }
}
