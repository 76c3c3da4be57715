import Foundation
import IPC
import System
import NATS

/// One IPC client's `BatchWireEncoder` (its subject cache): used by that client's reading task only.
final class WireEncoderBox: @unchecked Sendable {
    var encoder: BatchWireEncoder
    init(_ encoder: BatchWireEncoder) { self.encoder = encoder }
}

/// The NATS bridge: subscribes to kis41's topics over the IPC sockets (as `kisctl tap` does) and
/// publishes them on NATS subjects (`SubjectMapper`); keeps signals in JetStream with acknowledged
/// publishes, spooling them (`SignalSpool`) while NATS is unreachable; drops and counts market data
/// meanwhile; forwards allocator commands from `<prefix>.cmd.allocator` (`CommandForwarder`).
/// Serves `nats-bridge.sock` for `status`.
public final class NATSBridgeService: Service, @unchecked Sendable {
    public let configuration: NATSBridgeConfiguration
    public let client: NATSClient
    public let counters = BridgeCounters()
    public let spool: SignalSpool
    private let runDirectory: RunDirectory
    /// One ws-gateway per KIS account (`GatewayEndpoints`).
    private let gatewayCount: Int
    private let logger: Logger
    private let mapper: SubjectMapper
    private let jetStream: JetStream
    private let doorbell: (stream: AsyncStream<Void>, continuation: AsyncStream<Void>.Continuation)
    private let startedAt = Date()
    /// The allocator's socket client (commands go there); set in `run()`.
    private(set) var allocator: IPCClient?

    public init(runDirectory: RunDirectory, configuration: NATSBridgeConfiguration, nats: NATSConfiguration, logger: Logger,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        gatewayCount = GatewayEndpoints.accountCount(environment: environment, runDirectory: runDirectory)
        self.runDirectory = runDirectory; self.configuration = configuration; self.logger = logger
        client = NATSClient(configuration: nats, logger: logger)
        jetStream = JetStream(client: client)
        mapper = SubjectMapper(prefix: configuration.subjectPrefix)
        spool = SignalSpool(memoryLimit: configuration.signalMemoryLimit, spillPath: runDirectory.path("nats-spill.jsonl"),
                            spillLimitBytes: configuration.spillLimitBytes)
        doorbell = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The socket each bridged topic comes from, and the topics to ask it for.
    var socketTopics: [(socket: String, topics: [String])] {
        let wanted = Set(configuration.topics)
        let layout: [(String, [String])] = GatewayEndpoints.all(count: gatewayCount).map { ($0.socket, ["trade", "orderbook", "index"]) } + [
            (SocketName.poller, ["quote", "orderbook"]),
            (SocketName.allocator, ["allocation"]), (SocketName.signals, ["signal"]),
        ]
        return layout.compactMap { socket, topics in
            let chosen = topics.filter(wanted.contains)
            // The allocator's socket is also where commands go.
            return chosen.isEmpty && !(socket == SocketName.allocator && configuration.acceptsCommands) ? nil : (socket, chosen)
        }
    }

    public func run() async throws {
        client.setOnConnect { [weak self] in await self?.connected() }
        let server = IPCServer(name: "nats-bridge", path: runDirectory.socketPath(SocketName.natsBridge), logger: logger,
                               status: { [weak self] in self?.status() ?? ("idle", [:]) }, handler: { _, _ in nil })
        let clients = socketTopics.map { socket, topics in
            // Frames are relayed as the bytes they came in: no decoding and encoding again. Each
            // read of the socket (up to 256 KiB) goes to NATS as one write.
            let encoder = WireEncoderBox(BatchWireEncoder(prefix: configuration.subjectPrefix))
            return IPCClient(path: runDirectory.socketPath(socket), hello: Hello(name: "nats-bridge", topics: topics), logger: logger,
                             readSize: 256 << 10, onPublishedBodies: { [weak self] bodies in await self?.bridge(bodies: bodies, encoder: encoder) })
        }
        allocator = clients.first { $0.path == runDirectory.socketPath(SocketName.allocator) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            group.addTask { await self.client.run() }
            for ipc in clients { group.addTask { await ipc.run() } }
            group.addTask { await self.pumpSignals() }
            group.addTask { await self.retrySignals() }
            if configuration.statusIntervalSeconds > 0 { group.addTask { await self.publishStatus() } }
            if configuration.acceptsCommands { group.addTask { try await self.serveCommands() } }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// On every (re)connect: make sure the stream exists, then publish what waited.
    private func connected() async {
        do {
            let outcome = try await jetStream.ensureStream(JetStreamStreamConfiguration(
                name: configuration.streamName, subjects: ["\(configuration.subjectPrefix).signal.>"],
                maxAgeSeconds: configuration.streamMaxAgeSeconds, maxBytes: configuration.streamMaxBytes))
            logger.info("JetStream stream \(configuration.streamName) \(outcome.rawValue)")
        } catch {
            logger.warning("JetStream stream \(configuration.streamName): \(error)")
        }
        doorbell.continuation.yield()
    }

    /// The published IPC frames of one read onto NATS: batches straight into one buffer of `PUB`s
    /// (`BatchWireEncoder`) sent with one write, anything else as `bridge(body:)` does, in order.
    func bridge(bodies: [[UInt8]], encoder: WireEncoderBox) async {
        let maximumPayload = client.serverInfo?.maxPayload ?? FrameDecoder.defaultMaximumFrameLength
        var wire: [UInt8] = []
        wire.reserveCapacity(bodies.reduce(0) { $0 + $1.count } + 1024)
        var tallies: [(topic: String, count: Int)] = []
        for body in bodies {
            switch encoder.encoder.append(body: body, maximumPayload: maximumPayload, to: &wire) {
            case .appended(let topic, let count):
                if let index = tallies.firstIndex(where: { $0.topic == topic }) { tallies[index].count += count } else { tallies.append((topic, count)) }
            case .refused(let topic, let count):
                counters.add(BridgeCounters.dropped(topic), count)
            case .nothing:
                break
            case .notABatch:
                // Keeps the socket's order: what is buffered goes first.
                await send(&wire, tallies)
                tallies = []
                await bridge(body: body)
            }
        }
        await send(&wire, tallies)
    }

    /// Sends the buffered `PUB`s with one write, or drops and counts them (NATS away or behind).
    private func send(_ wire: inout [UInt8], _ tallies: [(topic: String, count: Int)]) async {
        guard !wire.isEmpty else { return }
        defer { wire.removeAll(keepingCapacity: true) }
        guard client.isConnected, client.pendingOutboundBytes <= configuration.maximumQueuedBytes else {
            for (topic, count) in tallies { counters.add(BridgeCounters.dropped(topic), count) }
            return
        }
        do {
            try await client.publish(encoded: wire)
            for (topic, count) in tallies { counters.add(BridgeCounters.published(topic), count) }
        } catch {
            for (topic, count) in tallies { counters.add(BridgeCounters.dropped(topic), count) }
        }
    }

    /// One published IPC frame onto NATS, its bytes as the payloads (`SubjectMapper.publications(ofBody:)`).
    func bridge(body: [UInt8]) async {
        await bridge(mapper.publications(ofBody: body))
    }

    /// A message of the bridge's own (status reports) onto NATS.
    func bridge(_ message: Message) async {
        await bridge(mapper.publications(of: message))
    }

    /// Signals into the spool, everything else now (one write for the whole batch) or dropped and counted.
    private func bridge(_ publications: [Publication]) async {
        var now: [(subject: String, payload: [UInt8])] = []
        for publication in publications {
            if publication.isSignal {
                counters.add(BridgeCounters.signalsReceived)
                let entry = SignalSpool.Entry(subject: publication.subject, messageID: publication.messageID,
                                              payload: String(decoding: publication.payload, as: UTF8.self))
                if !spool.append(entry) { logger.error("signal dropped: the spill file is full (\(configuration.spillLimitBytes) bytes)") }
                doorbell.continuation.yield()
            } else {
                now.append((publication.subject, publication.payload))
            }
        }
        guard !now.isEmpty, let topic = publications.first(where: { !$0.isSignal })?.topic else { return }
        guard client.isConnected, client.pendingOutboundBytes <= configuration.maximumQueuedBytes else {
            counters.add(BridgeCounters.dropped(topic), now.count)
            return
        }
        do {
            try await client.publish(now)
            counters.add(BridgeCounters.published(topic), now.count)
        } catch {
            counters.add(BridgeCounters.dropped(topic), now.count)
        }
    }

    /// Publishes spooled signals in order, each acknowledged by JetStream before the next.
    private func pumpSignals() async {
        for await _ in doorbell.stream {
            while let entry = spool.first(), client.isConnected, !Task.isCancelled {
                do {
                    try await jetStream.publish(entry.subject, payload: Array(entry.payload.utf8), messageID: entry.messageID)
                    spool.removeFirst()
                    counters.add(BridgeCounters.signalsAcknowledged)
                } catch let error as NATSError where error.isNoResponders {
                    // No stream captures the subject (a fresh server, or deleted): create it again.
                    await connected()
                    break
                } catch let error as NATSError where !error.isTransient {
                    // Refused for good (too large, a JetStream error): waiting would hold back every later signal.
                    spool.removeFirst()
                    counters.add(BridgeCounters.signalsRejected)
                    logger.error("signal on \(entry.subject) refused by NATS, not retried: \(error)")
                } catch {
                    logger.debug("signal not acknowledged yet: \(error)")
                    break
                }
            }
        }
    }

    /// Rings the pump once a second while signals wait (a failed publish is retried).
    private func retrySignals() async {
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: 1_000_000_000)
            if spool.count > 0 { doorbell.continuation.yield() }
        }
    }

    /// `<prefix>.status.<component>` every `statusIntervalSeconds`: each component's status reply.
    private func publishStatus() async {
        let components = GatewayEndpoints.all(count: gatewayCount).map { ($0.component, $0.socket) } + [("rest-poller", SocketName.poller),
                          ("allocator", SocketName.allocator), ("signals", SocketName.signals)]
        while !Task.isCancelled {
            try? await Task.sleep(nanoseconds: UInt64(configuration.statusIntervalSeconds * 1e9))
            guard client.isConnected else { continue }
            for (_, socket) in components {
                if case .statusReport(var report)? = try? await IPCClient.requestOnce(
                    path: runDirectory.socketPath(socket), name: "nats-bridge", .status(StatusRequest()), timeout: 1) {
                    report.id = ""  // our request's id means nothing to NATS subscribers
                    await bridge(.statusReport(report))
                }
            }
            let own = status()
            await bridge(.statusReport(StatusReport(id: "", component: "nats-bridge", state: own.state,
                                                    uptimeSeconds: Date().timeIntervalSince(startedAt), details: own.details)))
        }
    }

    /// Answers requests on `<prefix>.cmd.allocator` (one queue group, so several bridges forward once).
    private func serveCommands() async throws {
        let subscription = try await client.subscribe("\(configuration.subjectPrefix).cmd.allocator", queue: "kis41-bridge")
        await withTaskGroup(of: Void.self) { group in
            for await message in subscription.messages {
                group.addTask { await self.forward(message) }
            }
        }
    }

    private func forward(_ request: NATSMessage) async {
        let codec = MessageCodec()
        let reply: Message
        switch CommandForwarder.parse(request.payload) {
        case .refused(let error):
            counters.add(BridgeCounters.commandsRefused)
            reply = .error(error)
        case .command(let command):
            do {
                guard let allocator else { throw IPCError.notConnected }
                reply = CommandForwarder.reply(try await allocator.request(command, timeout: 5), to: command)
                counters.add(BridgeCounters.commandsForwarded)
                logger.info("forwarded \(command.type) from NATS to the allocator")
            } catch {
                counters.add(BridgeCounters.commandsRefused)
                reply = .error(ErrorReply(id: command.id, code: "unavailable", reason: "allocator: \(error)"))
            }
        }
        guard let replyTo = request.replyTo, let body = try? codec.encode(reply) else { return }
        try? await client.publish(replyTo, payload: body)
    }

    /// The bridge's own status: `running` while connected to NATS, else `degraded` with the reason.
    func status() -> (state: String, details: [String: JSONValue]) {
        var details: [String: JSONValue] = [
            "nats": .string(client.configuration.address),
            "connected": .bool(client.isConnected),
            "connects": .number(Double(client.connectCount)),
            "counters": counters.json(),
            "signals_waiting": .number(Double(spool.count)),
            "signals_spilled": .number(Double(spool.totalSpilled)),
            "signals_dropped": .number(Double(spool.droppedCount)),
        ]
        if client.isConnected { return ("running", details) }
        details["reason"] = .string("NATS \(client.configuration.address) unreachable: \(client.lastError ?? "connecting")")
        return ("degraded", details)
    }
}
