import Foundation
import System

/// What went wrong with a request.
public struct IPCError: Error, CustomStringConvertible, Sendable, Equatable {
    enum Kind: Sendable, Equatable { case notConnected, disconnected, timedOut(Double), refused(String, String) }
    let kind: Kind
    public static let notConnected = IPCError(kind: .notConnected)
    public static let disconnected = IPCError(kind: .disconnected)
    public static func timedOut(_ seconds: Double) -> IPCError { IPCError(kind: .timedOut(seconds)) }
    public static func refused(code: String, reason: String) -> IPCError { IPCError(kind: .refused(code, reason)) }

    public var description: String {
        switch kind {
        case .notConnected: "not connected"
        case .disconnected: "connection lost before the reply"
        case .timedOut(let seconds): "no reply within \(seconds) s"
        case .refused(let code, let reason): "refused (\(code)): \(reason)"
        }
    }
}

/// A client of one component's socket that keeps itself connected.
///
/// `run()` connects, says `hello`, calls `onConnect` (where the owner re-sends the state it owns),
/// then delivers every non-reply message to `onMessage`; when the connection drops it reconnects
/// with capped exponential backoff and jitter, resetting the backoff after a healthy stretch.
public final class IPCClient: Service, @unchecked Sendable {
    public typealias MessageHandler = @Sendable (Message) async -> Void
    public typealias ConnectHandler = @Sendable (IPCClient) async -> Void
    /// Takes the frame body of a published message as it arrived, undecoded.
    public typealias BodyHandler = @Sendable ([UInt8]) async -> Void
    /// Takes the frame bodies of the published messages one read brought, in order, undecoded.
    public typealias BodiesHandler = @Sendable ([[UInt8]]) async -> Void

    public let path: String
    private let hello: Hello
    private let logger: Logger
    private let onConnect: ConnectHandler
    private let onMessage: MessageHandler
    private let onPublishedBodies: BodiesHandler?
    /// Most bytes taken from the socket per read.
    private let readSize: Int
    private var backoff: Backoff
    private let lock = NSLock()
    private var connection: IPCConnection?
    private var pending: [String: CheckedContinuation<Message, any Error>] = [:]
    private var nextID = 1

    public init(path: String, hello: Hello, logger: Logger, backoff: Backoff = Backoff(initial: 0.05, maximum: 2),
                onConnect: @escaping ConnectHandler = { _ in }, onMessage: @escaping MessageHandler = { _ in }) {
        self.path = path; self.hello = hello; self.logger = logger; self.backoff = backoff
        self.onConnect = onConnect; self.onMessage = onMessage; self.onPublishedBodies = nil; readSize = 65_536
    }

    /// A client that relays published messages as the bytes they came in (`kisctl tap`): a frame
    /// is decoded only while a request of its own (the `hello`) waits for its reply.
    public init(path: String, hello: Hello, logger: Logger, backoff: Backoff = Backoff(initial: 0.05, maximum: 2),
                onPublishedBody: @escaping BodyHandler) {
        self.path = path; self.hello = hello; self.logger = logger; self.backoff = backoff; readSize = 65_536
        self.onConnect = { _ in }; self.onMessage = { _ in }
        self.onPublishedBodies = { bodies in for body in bodies { await onPublishedBody(body) } }
    }

    /// A relay that takes what each read of the socket brought as one batch (the NATS bridge:
    /// one write to NATS per read); reads of up to `readSize` bytes.
    public init(path: String, hello: Hello, logger: Logger, backoff: Backoff = Backoff(initial: 0.05, maximum: 2),
                readSize: Int, onPublishedBodies: @escaping BodiesHandler) {
        self.path = path; self.hello = hello; self.logger = logger; self.backoff = backoff; self.readSize = readSize
        self.onConnect = { _ in }; self.onMessage = { _ in }; self.onPublishedBodies = onPublishedBodies
    }

    /// Whether a connection is established and greeted.
    public var isConnected: Bool { lock.withLock { connection != nil } }

    /// Connects and reconnects until cancelled or its graceful shutdown (an input has nothing to finish).
    public func run() async {
        _ = try? await cancelOnGracefulShutdown { await self.connect() }
    }

    private func connect() async {
        var wasConnected = true
        while !Task.isCancelled {
            let started = Date()
            do {
                try await runOnce()
            } catch is CancellationError {
                break
            } catch {
                // Cancelling closes the connection under the reader: that error is the cancellation.
                if Task.isCancelled { break }
                if wasConnected { logger.info("\(path): \(error); reconnecting") }
            }
            wasConnected = Date().timeIntervalSince(started) > 1
            if Date().timeIntervalSince(started) > 10 { backoff.reset() }
            let delay = backoff.nextDelay()
            try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
        }
        disconnect()
    }

    /// One connection: connect, greet, serve until it drops.
    private func runOnce() async throws {
        let fd = try UnixSocket.connect(path: path)
        let connection = IPCConnection(channel: try StreamChannel(fd: fd), readSize: readSize)
        defer { disconnect(); connection.close() }
        lock.withLock { self.connection = connection }
        let reader = Task { try await self.readLoop(connection) }
        defer { reader.cancel() }
        let reply = try await request(.hello(hello), timeout: 5)
        guard case .welcome = reply else { throw IPCError.refused(code: "hello", reason: "unexpected reply \(reply.type)") }
        backoff.reset()
        await onConnect(self)
        try await withTaskCancellationHandler {
            try await reader.value
        } onCancel: {
            connection.close()
        }
    }

    private func readLoop(_ connection: IPCConnection) async throws {
        while let bodies = try await connection.receiveBodies() {
            if let onPublishedBodies, lock.withLock({ pending.isEmpty }) {
                await onPublishedBodies(bodies)
                continue
            }
            var relayed: [[UInt8]] = []
            for body in bodies {
                let message = try connection.decode(body)
                if message.isReply, let id = message.id,
                   let continuation = lock.withLock({ pending.removeValue(forKey: id) }) {
                    continuation.resume(returning: message)
                } else if case .error(let reply) = message, reply.id == nil {
                    logger.warning("\(path) closed our connection: \(reply.reason)")
                } else if onPublishedBodies != nil {
                    relayed.append(body)
                } else {
                    await onMessage(message)
                }
            }
            if let onPublishedBodies, !relayed.isEmpty { await onPublishedBodies(relayed) }
        }
    }

    private func disconnect() {
        let waiting = lock.withLock {
            connection = nil
            defer { pending = [:] }
            return pending
        }
        for (_, continuation) in waiting { continuation.resume(throwing: IPCError.disconnected) }
    }

    /// Sends a request and waits for its reply (an `error` reply is returned, not thrown).
    public func request(_ message: Message, timeout: Double = 5) async throws -> Message {
        let (id, connection) = lock.withLock { () -> (String, IPCConnection?) in
            defer { nextID += 1 }
            return ("\(hello.name)-\(nextID)", self.connection)
        }
        guard let connection else { throw IPCError.notConnected }
        let timer = Task {
            try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            self.lock.withLock { self.pending.removeValue(forKey: id) }?.resume(throwing: IPCError.timedOut(timeout))
        }
        defer { timer.cancel() }
        return try await withCheckedThrowingContinuation { continuation in
            lock.withLock { pending[id] = continuation }
            do {
                try connection.send(message.withID(id))
            } catch {
                lock.withLock { pending.removeValue(forKey: id) }?.resume(throwing: error)
            }
        }
    }

    /// Sends a message without waiting for a reply (a reply, if any, is ignored).
    public func send(_ message: Message) throws {
        guard let connection = lock.withLock({ self.connection }) else { throw IPCError.notConnected }
        try connection.send(message)
    }

    /// Bytes waiting to be written on the current connection.
    public var pendingOutboundBytes: Int { lock.withLock { connection?.channel.pendingOutboundBytes ?? 0 } }
}

extension IPCClient {
    /// Connects once, says hello, sends one request and returns its reply (for command-line tools).
    public static func requestOnce(path: String, name: String, _ message: Message, timeout: Double = 2) async throws -> Message {
        let connection = IPCConnection(channel: try StreamChannel(fd: try UnixSocket.connect(path: path)))
        defer { connection.close() }
        return try await withThrowingTaskGroup(of: Message.self) { group in
            group.addTask {
                try connection.send(.hello(Hello(id: "h", name: name)))
                guard case .welcome = try await connection.receive() else { throw IPCError.refused(code: "hello", reason: "no welcome") }
                try connection.send(message.withID("r"))
                while let reply = try await connection.receive() {
                    if reply.id == "r" { return reply }
                }
                throw IPCError.disconnected
            }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
                throw IPCError.timedOut(timeout)
            }
            defer { group.cancelAll() }
            let reply = try await group.next()!
            connection.close()
            return reply
        }
    }
}
