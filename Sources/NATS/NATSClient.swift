import Foundation
import IPC
import System

/// A NATS client that keeps itself connected: `run()` connects, re-sends every subscription and
/// serves the connection until it drops, then reconnects with capped exponential backoff and
/// jitter (reset after a healthy stretch) until cancelled.
///
/// Publishing while disconnected throws `NATSError.notConnected` at once: what to keep and what
/// to drop is the caller's decision. Requests get their replies on one wildcard inbox
/// subscription (`_INBOX.<random>.*`), re-created with every connection.
public final class NATSClient: @unchecked Sendable {
    public let configuration: NATSConfiguration
    private let logger: Logger
    private let lock = NSLock()
    private var connection: NATSConnection?
    private var subscriptions: [Int: NATSSubscription] = [:]
    private var nextSID = 1
    private let inboxPrefix = "_INBOX." + NATSClient.randomToken()
    private var pendingRequests: [String: ReplyBox] = [:]
    private var nextRequest = 1
    private var connectWaiters: [UUID: CheckedContinuation<Bool, Never>] = [:]
    private var backoff: Backoff
    private var connects = 0
    private var lastErrorText: String?
    private var onConnect: @Sendable () async -> Void = {}

    public init(configuration: NATSConfiguration, logger: Logger) {
        self.configuration = configuration; self.logger = logger
        backoff = Backoff(initial: configuration.reconnectInitialDelay, maximum: configuration.reconnectMaximumDelay)
    }

    /// Sets what runs after every (re)connect, once subscriptions are in place (e.g. JetStream
    /// set-up); replies to its requests are read meanwhile.
    public func setOnConnect(_ body: @escaping @Sendable () async -> Void) { lock.withLock { onConnect = body } }

    /// Whether a connection is established and authenticated.
    public var isConnected: Bool { lock.withLock { connection != nil } }
    /// Successful connections so far (1 after the first; more after reconnects).
    public var connectCount: Int { lock.withLock { connects } }
    /// The server's last `-ERR` text or the last connection failure, for status.
    public var lastError: String? { lock.withLock { lastErrorText } }
    /// Bytes waiting to be written to the server.
    public var pendingOutboundBytes: Int { lock.withLock { connection?.pendingOutboundBytes ?? 0 } }
    /// The server's `INFO` of the current connection.
    public var serverInfo: NATSServerInfo? { lock.withLock { connection?.serverInfo } }

    /// Connects and reconnects until cancelled.
    public func run() async {
        var wasHealthy = true
        while !Task.isCancelled {
            let started = Date()
            do {
                try await runOnce()
                if wasHealthy { logger.info("NATS \(configuration.address): connection closed; reconnecting") }
            } catch is CancellationError {
                break
            } catch {
                if Task.isCancelled { break }
                lock.withLock { lastErrorText = "\(error)" }
                if wasHealthy { logger.warning("NATS \(configuration.address): \(error); reconnecting") }
            }
            let uptime = Date().timeIntervalSince(started)
            wasHealthy = uptime > 1
            if uptime > 10 { backoff.reset() }
            let delay = backoff.nextDelay()
            try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
        }
        lock.withLock { connection }?.close()
        for subscription in lock.withLock({ Array(subscriptions.values) }) { subscription.finish() }
    }

    /// One connection: connect, subscribe the inbox and every subscription, serve until it drops.
    private func runOnce() async throws {
        let connection = try await NATSConnection.connect(configuration)
        connection.setHandlers(onMessage: { [weak self] in self?.route($0) },
                               onError: { [weak self] text in self?.serverError(text) })
        let (subscriptions, waiters) = lock.withLock { () -> ([NATSSubscription], [CheckedContinuation<Bool, Never>]) in
            self.connection = connection
            connects += 1
            defer { connectWaiters = [:] }
            return (Array(self.subscriptions.values).sorted { $0.sid < $1.sid }, Array(connectWaiters.values))
        }
        defer { disconnected(connection) }
        var subscribe = try NATSEncoder.subscribe(subject: inboxPrefix + ".*", sid: 0)
        for subscription in subscriptions {
            subscribe += try NATSEncoder.subscribe(subject: subscription.subject, queue: subscription.queue, sid: subscription.sid)
        }
        let reader = Task { try await connection.run() }
        try await connection.write(subscribe)
        try await connection.flush(timeout: configuration.connectTimeout)
        logger.info("NATS \(configuration.address): connected (server \(connection.serverInfo.version), \(subscriptions.count) subscriptions)")
        backoff.reset()
        for waiter in waiters { waiter.resume(returning: true) }
        await lock.withLock { onConnect }()
        try await withTaskCancellationHandler {
            try await reader.value
        } onCancel: {
            connection.close()
        }
    }

    private func disconnected(_ old: NATSConnection) {
        old.close()
        let requests = lock.withLock { () -> [ReplyBox] in
            if connection === old { connection = nil }
            defer { pendingRequests = [:] }
            return Array(pendingRequests.values)
        }
        for request in requests { request.complete(.failure(NATSError.connectionClosed)) }
    }

    private func serverError(_ text: String) {
        lock.withLock { lastErrorText = text }
        logger.warning("NATS server: -ERR '\(text)'")
    }

    private func route(_ message: NATSMessage) {
        if message.sid == 0 {
            let token = String(message.subject.dropFirst(inboxPrefix.count + 1))
            lock.withLock { pendingRequests.removeValue(forKey: token) }?.complete(.success(message))
            return
        }
        lock.withLock { subscriptions[message.sid] }?.deliver(message)
    }

    /// Waits until connected (at most `timeout` seconds); returns whether it is.
    public func waitUntilConnected(timeout: Double) async -> Bool {
        let id = UUID()
        let timer = Task {
            try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            self.lock.withLock { self.connectWaiters.removeValue(forKey: id) }?.resume(returning: false)
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let connected = lock.withLock { () -> Bool in
                if connection != nil { return true }
                connectWaiters[id] = continuation
                return false
            }
            if connected { continuation.resume(returning: true) }
        }
    }

    /// Publishes `payload` on `subject`; throws `notConnected` while there is no connection.
    public func publish(_ subject: String, payload: [UInt8], replyTo: String? = nil,
                        headers: [(name: String, value: String)] = []) async throws {
        guard let connection = lock.withLock({ connection }) else { throw NATSError.notConnected }
        try await connection.publish(subject, replyTo: replyTo, headers: headers, payload: payload)
    }

    /// Publishes several messages with one write; throws `notConnected` while there is no connection.
    public func publish(_ publications: [(subject: String, payload: [UInt8])]) async throws {
        guard let connection = lock.withLock({ connection }) else { throw NATSError.notConnected }
        try await connection.publish(publications)
    }

    /// Writes operations encoded already (`PUB`s from the bridge's `BatchWireEncoder`, whose
    /// subjects it has checked) with one write; throws `notConnected` while there is no connection.
    public func publish(encoded bytes: [UInt8]) async throws {
        guard let connection = lock.withLock({ connection }) else { throw NATSError.notConnected }
        try await connection.write(bytes)
    }

    /// Subscribes to `subject` (wildcards allowed), now and after every reconnect. With `handler`,
    /// each message is handed to it on the reading task instead of `messages`.
    public func subscribe(_ subject: String, queue: String? = nil, bufferLimit: Int = 65_536,
                          handler: (@Sendable (NATSMessage) -> Void)? = nil) async throws -> NATSSubscription {
        try NATSEncoder.checkSubject(subject)
        let (subscription, connection) = lock.withLock { () -> (NATSSubscription, NATSConnection?) in
            let subscription = NATSSubscription(sid: nextSID, subject: subject, queue: queue, bufferLimit: bufferLimit, handler: handler)
            nextSID += 1
            subscriptions[subscription.sid] = subscription
            return (subscription, self.connection)
        }
        if let connection {
            try? await connection.write(try NATSEncoder.subscribe(subject: subject, queue: queue, sid: subscription.sid))
        }
        return subscription
    }

    /// Ends a subscription (no more `SUB` on reconnect; its stream finishes).
    public func unsubscribe(_ subscription: NATSSubscription) async {
        let connection = lock.withLock { () -> NATSConnection? in
            subscriptions[subscription.sid] = nil
            return self.connection
        }
        try? await connection?.write(NATSEncoder.unsubscribe(sid: subscription.sid))
        subscription.finish()
    }

    /// Publishes with a reply subject and waits for the one reply.
    /// - Throws: `notConnected`, `noResponders` (a 503 status), `timedOut`, `connectionClosed`.
    public func request(_ subject: String, payload: [UInt8], headers: [(name: String, value: String)] = [],
                        timeout: Double = 5) async throws -> NATSMessage {
        guard let connection = lock.withLock({ connection }) else { throw NATSError.notConnected }
        // The reply's box is registered before the publish, so a fast reply always finds it.
        let box = ReplyBox()
        let token = lock.withLock { () -> String in
            defer { nextRequest += 1 }
            pendingRequests[String(nextRequest)] = box
            return String(nextRequest)
        }
        let timer = Task {
            try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            self.lock.withLock { self.pendingRequests.removeValue(forKey: token) }?
                .complete(.failure(NATSError.timedOut("request on \(subject)")))
        }
        defer { timer.cancel() }
        do {
            try await connection.publish(subject, replyTo: "\(inboxPrefix).\(token)", headers: headers, payload: payload)
        } catch {
            lock.withLock { pendingRequests[token] = nil }
            throw error
        }
        let reply = try await box.value()
        if reply.status == 503 { throw NATSError.noResponders(subject) }
        return reply
    }

    /// Waits until the server has processed everything sent so far (a `PING`/`PONG` round trip).
    public func flush(timeout: Double = 5) async throws {
        guard let connection = lock.withLock({ connection }) else { throw NATSError.notConnected }
        try await connection.flush(timeout: timeout)
    }

    /// A fresh subject under this client's inbox prefix (for a JetStream push consumer's delivery).
    public func newInbox() -> String { "\(inboxPrefix).sub.\(Self.randomToken())" }

    static func randomToken() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        return String((0..<22).map { _ in alphabet.randomElement()! })
    }
}

/// Where one request's reply (or failure) lands; `value()` waits for it, or returns it at once.
final class ReplyBox: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<NATSMessage, any Error>?
    private var waiter: CheckedContinuation<NATSMessage, any Error>?

    /// Sets the outcome once (later calls are ignored) and wakes the waiter.
    func complete(_ outcome: Result<NATSMessage, any Error>) {
        let waiting = lock.withLock { () -> CheckedContinuation<NATSMessage, any Error>? in
            guard result == nil else { return nil }
            result = outcome
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume(with: outcome)
    }

    func value() async throws -> NATSMessage {
        try await withCheckedThrowingContinuation { continuation in
            let ready = lock.withLock { () -> Result<NATSMessage, any Error>? in
                if result == nil { waiter = continuation }
                return result
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
