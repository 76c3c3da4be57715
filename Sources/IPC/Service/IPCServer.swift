import Foundation
import System
#if canImport(Glibc)
import Glibc
#endif

/// Tunables of an `IPCServer`, with the defaults DESIGN.md fixes.
public struct IPCServerConfiguration: Sendable {
    /// Largest frame accepted: 1 MiB.
    public var maximumFrameLength = FrameDecoder.defaultMaximumFrameLength
    /// Bytes that may wait for a peer before its market data is dropped and its requests are no
    /// longer read (until it has taken half of them): 4 MiB.
    public var maximumQueuedBytes = 4 << 20
    /// The uid a peer must have (SO_PEERCRED); the server's own by default.
    public var allowedUID: uid_t = getuid()
    /// Where peer credentials come from (injectable for tests).
    public var peerUID: @Sendable (Int32) throws -> uid_t = UnixSocket.peerUID
    public init() {}
}

/// A component's Unix-domain server: `hello`/`status` built in, requests handed to a handler,
/// messages published to the peers that asked for their topic.
///
/// Bad frames get an `error` reply where possible, then that connection is closed and the event
/// logged once; everyone else is served on. A subscriber that cannot keep up loses market data
/// (counted per subscriber and shown in `status`), never commands, replies or signals.
public final class IPCServer: @unchecked Sendable, Service {
    /// Handles a request; returns its reply (`nil` for none). Runs on the connection's task.
    public typealias Handler = @Sendable (Message, IPCPeer) async -> Message?
    /// The component's own status: state and details (asked of its core, which may be an actor).
    public typealias StatusProvider = @Sendable () async -> (state: String, details: [String: JSONValue])

    public let name: String
    public let path: String
    private let configuration: IPCServerConfiguration
    private let logger: Logger
    private let handler: Handler
    private let statusProvider: StatusProvider
    private let codec = MessageCodec()
    private let startedAt = Date()
    private let lock = NSLock()
    private var peers: [Int: IPCPeer] = [:]
    private var nextPeerID = 1
    private var refusedConnections = 0
    private var badFrames = 0
    private var readPauses = 0
    private var onConnectHandlers: [@Sendable (IPCPeer) async -> Void] = []

    public init(name: String, path: String, logger: Logger, configuration: IPCServerConfiguration = .init(),
                status: @escaping StatusProvider, handler: @escaping Handler) {
        self.name = name; self.path = path; self.logger = logger; self.configuration = configuration
        self.statusProvider = status; self.handler = handler
    }

    /// Calls `body` after each peer's `hello` has been answered (e.g. to send it the current ledger).
    public func onHello(_ body: @escaping @Sendable (IPCPeer) async -> Void) {
        lock.withLock { onConnectHandlers.append(body) }
    }

    /// Binds the socket and serves until cancelled or its graceful shutdown (a listener has nothing
    /// to finish); the socket file is removed on the way out.
    public func run() async throws {
        _ = try await cancelOnGracefulShutdown { try await self.listen() }
    }

    private func listen() async throws {
        let acceptor = try SocketAcceptor(listeningFD: try UnixSocket.listen(path: path))
        logger.info("listening on \(path)")
        defer { unlink(path) }
        try await withTaskCancellationHandler {
            try await withThrowingTaskGroup(of: Void.self) { group in
                while !Task.isCancelled {
                    let fd: Int32
                    do { fd = try await acceptor.accept() } catch is CancellationError { break }
                    guard let peer = admit(fd) else { continue }
                    group.addTask { await self.serve(peer) }
                }
                group.cancelAll()
                for peer in lock.withLock({ Array(peers.values) }) { peer.connection.close() }
            }
        } onCancel: {
            acceptor.close()
        }
    }

    /// Sends `message` to every peer subscribed to its topic (filtered by code for `tap` peers).
    public func publish(_ message: Message) {
        publish(message, framed: nil)
    }

    /// Publishes `message` whose frame body the caller has encoded already (with `MessageCodec`),
    /// so that the same bytes also go elsewhere (the signals journal): one encoding per message.
    public func publish(_ message: Message, body: [UInt8]) {
        publish(message, framed: FrameEncoder.frame(body))
    }

    private func publish(_ message: Message, framed preset: [UInt8]?) {
        guard let topic = message.topic else { return }
        let subscribers = lock.withLock { peers.values.filter { $0.topics.contains(topic) } }
        guard !subscribers.isEmpty else { return }
        var framed = preset
        for peer in subscribers {
            var part: Message?
            if let codes = peer.codes {
                switch message.filter(toCodes: codes) {
                case .nothing: continue
                case .part(let kept): part = kept
                case .whole: break
                }
            }
            let bytes: [UInt8]
            if let part {
                guard let encoded = try? codec.frame(part) else { continue }
                bytes = encoded
            } else {
                if framed == nil { framed = try? codec.frame(message) }
                guard let framed else { return }
                bytes = framed
            }
            if topic.isDroppable, peer.connection.channel.pendingOutboundBytes > configuration.maximumQueuedBytes {
                peer.countDrop()
                continue
            }
            try? peer.connection.send(framed: bytes)
        }
    }

    /// Sends one message to one peer (replies and commands are never dropped).
    public func send(_ message: Message, to peer: IPCPeer) {
        do { try peer.connection.send(message) } catch {
            logger.debug("send to \(peer.name) failed: \(error)")
        }
    }

    /// The peers currently connected.
    public var connectedPeers: [IPCPeer] { lock.withLock { Array(peers.values) } }

    private func admit(_ fd: Int32) -> IPCPeer? {
        do {
            let uid = try configuration.peerUID(fd)
            guard uid == configuration.allowedUID else {
                lock.withLock { refusedConnections += 1 }
                logger.warning("refused connection from uid \(uid) (only uid \(configuration.allowedUID) may connect)")
                close(fd)
                return nil
            }
            let connection = IPCConnection(channel: try StreamChannel(fd: fd), maximumFrameLength: configuration.maximumFrameLength)
            return lock.withLock {
                let peer = IPCPeer(id: nextPeerID, connection: connection)
                nextPeerID += 1
                peers[peer.id] = peer
                return peer
            }
        } catch {
            logger.warning("cannot accept a connection: \(error)")
            close(fd)
            return nil
        }
    }

    private func serve(_ peer: IPCPeer) async {
        defer {
            lock.withLock { peers[peer.id] = nil }
            peer.connection.close()
        }
        while !Task.isCancelled {
            // A peer that sends requests but does not read the replies would grow its queue without
            // bound: stop reading from it until it has taken its replies (the kernel's socket
            // buffers then hold its further requests, and its own writes block).
            let channel = peer.connection.channel
            if channel.pendingOutboundBytes > configuration.maximumQueuedBytes {
                lock.withLock { readPauses += 1 }
                peer.countReadPause()
                await channel.waitUntilDrained(below: configuration.maximumQueuedBytes / 2)
                guard channel.isOpen else { return }
            }
            let message: Message
            do {
                guard let next = try await peer.connection.receive() else { return }
                message = next
            } catch let error as FramingError {
                lock.withLock { badFrames += 1 }
                logger.warning("closing connection \(peer.id) (\(peer.name)): \(error)")
                send(.error(ErrorReply(id: nil, code: error.code, reason: error.description)), to: peer)
                await peer.connection.channel.drain(timeout: 1)
                return
            } catch {
                return
            }
            await dispatch(message, from: peer)
        }
    }

    private func dispatch(_ message: Message, from peer: IPCPeer) async {
        switch message {
        case .hello(let hello):
            let topics = Set(hello.topics.compactMap(Topic.init(rawValue:)))
            let unknown = hello.topics.filter { Topic(rawValue: $0) == nil }
            guard unknown.isEmpty else {
                send(.error(ErrorReply(id: hello.id, code: "unknown_topic", reason: "unknown topics: \(unknown.joined(separator: ", "))")), to: peer)
                return
            }
            peer.update(name: hello.name, topics: topics, codes: hello.codes.map(Set.init))
            send(.welcome(Welcome(id: hello.id, name: name)), to: peer)
            for body in lock.withLock({ onConnectHandlers }) { await body(peer) }
        case .status(let request):
            send(.statusReport(await statusReport(id: request.id)), to: peer)
        default:
            if let reply = await handler(message, peer) {
                send(reply, to: peer)
            } else if let id = message.id, !message.isReply {
                send(.error(ErrorReply(id: id, code: "unsupported", reason: "\(name) does not handle \(message.type)")), to: peer)
            }
        }
    }

    /// The built-in status: the component's own plus connection and drop counters.
    public func statusReport(id: String) async -> StatusReport {
        let own = await statusProvider()
        var details = own.details
        let snapshot = lock.withLock { (peers.values.sorted { $0.id < $1.id }, refusedConnections, badFrames, readPauses) }
        details["ipc"] = .object([
            "connections": .number(Double(snapshot.0.count)),
            "refused_connections": .number(Double(snapshot.1)),
            "bad_frames": .number(Double(snapshot.2)),
            // Times a peer's replies piled up past `maximumQueuedBytes` and its requests waited.
            "read_pauses": .number(Double(snapshot.3)),
            "subscribers": .array(snapshot.0.filter { !$0.topics.isEmpty }.map { peer in
                .object(["name": .string(peer.name), "topics": .array(peer.topics.map { .string($0.rawValue) }.sorted { $0.description < $1.description }),
                         "dropped": .number(Double(peer.droppedCount))])
            }),
        ])
        return StatusReport(id: id, component: name, state: own.state,
                            uptimeSeconds: Date().timeIntervalSince(startedAt), details: details)
    }
}
