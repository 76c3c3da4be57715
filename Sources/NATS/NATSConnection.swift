import Foundation
import IPC
import System
import Net

/// One connection to a NATS server: greeting, authentication, then reading until it drops.
///
/// `connect` opens TCP, reads `INFO`, upgrades to TLS when either side requires it, sends
/// `CONNECT` and a `PING`, and returns once the `PONG` proves the credentials accepted (an
/// `-ERR` there is thrown). `run()` then reads until the connection ends, answering the server's
/// `PING`s, sending our own keep-alive `PING`s, and handing every message to `onMessage`.
/// Reconnecting is the owner's business (`NATSClient`).
public final class NATSConnection: @unchecked Sendable {
    public typealias MessageHandler = @Sendable (NATSMessage) -> Void
    public typealias ErrorHandler = @Sendable (String) -> Void

    public private(set) var serverInfo: NATSServerInfo
    private let stream: any ByteStream
    private let channel: StreamChannel
    private let configuration: NATSConfiguration
    private let lock = NSLock()
    private var decoder: NATSDecoder
    /// One entry per `PING` in flight, in order: a waiting `flush`, or `nil` for a keep-alive.
    private var pongWaiters: [CheckedContinuation<Void, any Error>?] = []
    private var keepAlive: KeepAlive
    private var isClosed = false
    private var onMessage: MessageHandler = { _ in }
    private var onError: ErrorHandler = { _ in }

    private init(stream: any ByteStream, channel: StreamChannel, info: NATSServerInfo, decoder: NATSDecoder, configuration: NATSConfiguration) {
        self.stream = stream; self.channel = channel; serverInfo = info; self.decoder = decoder
        self.configuration = configuration
        keepAlive = KeepAlive(maximumOutstanding: configuration.maximumOutstandingPings)
    }

    /// Connects, greets and authenticates within `configuration.connectTimeout`.
    /// - Throws: `NATSError` (an `-ERR` such as "Authorization Violation", a timeout, bad protocol),
    ///   `NetError` or `SystemError` for TCP and TLS failures.
    public static func connect(_ configuration: NATSConfiguration) async throws -> NATSConnection {
        let channel = try await TCPSocket.connect(host: configuration.host, port: configuration.port,
                                                  timeout: .milliseconds(Int(configuration.connectTimeout * 1000)))
        let expired = Flag()
        let timer = Task {
            try await Task.sleep(nanoseconds: UInt64(configuration.connectTimeout * 1e9))
            expired.set()
            channel.close()
        }
        defer { timer.cancel() }
        do {
            return try await handshake(over: channel, configuration: configuration)
        } catch {
            channel.close()
            if expired.isSet { throw NATSError.timedOut("connecting to \(configuration.address)") }
            throw error
        }
    }

    private static func handshake(over channel: StreamChannel, configuration: NATSConfiguration) async throws -> NATSConnection {
        var decoder = NATSDecoder()
        var stream: any ByteStream = PlainByteStream(channel)
        guard case .info(let info) = try await nextOperation(from: stream, decoder: &decoder) else {
            throw NATSError.malformed("the server did not start with INFO")
        }
        let usesTLS = configuration.requiresTLS || info.tlsRequired == true
        if usesTLS {
            // NATS: INFO in the clear, then the TLS handshake, then CONNECT inside TLS.
            stream = try await TLSStream.connect(over: channel, context: try TLSContext(configuration: configuration.tls),
                                                 serverName: configuration.host)
        }
        let options = NATSConnectOptions(name: configuration.name, credentials: configuration.credentials, tlsRequired: usesTLS)
        try await stream.write(try NATSEncoder.connect(options) + NATSEncoder.ping)
        while true {
            switch try await nextOperation(from: stream, decoder: &decoder) {
            case .pong:
                decoder.maximumPayload = max(info.maxPayload, 1 << 20) * 2
                return NATSConnection(stream: stream, channel: channel, info: info, decoder: decoder, configuration: configuration)
            case .error(let text): throw NATSError.server(text)
            case .ping: try await stream.write(NATSEncoder.pong)
            case .ok, .info: continue
            case .message: throw NATSError.malformed("a message before any subscription")
            }
        }
    }

    private static func nextOperation(from stream: any ByteStream, decoder: inout NATSDecoder) async throws -> NATSServerOperation {
        while true {
            if let operation = try decoder.decode() { return operation }
            let bytes = try await stream.read()
            if bytes.isEmpty { throw NATSError.connectionClosed }
            decoder.append(bytes)
        }
    }

    /// Sets where messages and `-ERR` texts go; call before `run()`.
    public func setHandlers(onMessage: @escaping MessageHandler, onError: @escaping ErrorHandler) {
        lock.withLock { self.onMessage = onMessage; self.onError = onError }
    }

    /// Reads until the connection ends (returns) or fails (throws); always closes it on the way out.
    public func run() async throws {
        defer { close() }
        let pinger = Task { [configuration] in
            while !Task.isCancelled {
                try await Task.sleep(nanoseconds: UInt64(configuration.pingInterval * 1e9))
                switch lock.withLock({ keepAlive.tick() }) {
                case .closeConnection: close(); return
                case .sendPing: try await sendPing(waiter: nil)
                }
            }
        }
        defer { pinger.cancel() }
        try await withTaskCancellationHandler {
            var decoder = lock.withLock { self.decoder }
            let (onMessage, onError) = lock.withLock { (self.onMessage, self.onError) }
            while true {
                while let operation = try decoder.decode() {
                    try await handle(operation, onMessage: onMessage, onError: onError)
                }
                let bytes = try await stream.read()
                if bytes.isEmpty { return }
                // Anything from the server proves it alive: once per read, not per message.
                lock.withLock { keepAlive.heardFromServer() }
                decoder.append(bytes)
            }
        } onCancel: {
            close()
        }
    }

    private func handle(_ operation: NATSServerOperation, onMessage: MessageHandler, onError: ErrorHandler) async throws {
        switch operation {
        case .message(let message):
            onMessage(message)
        case .ping:
            try await stream.write(NATSEncoder.pong)
        case .pong:
            let waiter = lock.withLock { () -> CheckedContinuation<Void, any Error>?? in
                pongWaiters.isEmpty ? nil : pongWaiters.removeFirst()
            }
            if case .some(.some(let continuation)) = waiter { continuation.resume() }
        case .info(let info):
            lock.withLock { serverInfo = info }
        case .ok:
            break
        case .error(let text):
            // Permission violations leave the connection open; anything else, the server closes.
            onError(text)
        }
    }

    /// Writes raw protocol bytes (whole operations).
    public func write(_ bytes: [UInt8]) async throws {
        guard !lock.withLock({ isClosed }) else { throw NATSError.connectionClosed }
        try await stream.write(bytes)
    }

    /// Publishes `payload` on `subject` (with `headers`, as `HPUB`).
    public func publish(_ subject: String, replyTo: String? = nil, headers: [(name: String, value: String)] = [],
                        payload: [UInt8]) async throws {
        let limit = lock.withLock { serverInfo.maxPayload }
        guard payload.count <= limit else { throw NATSError.payloadTooLarge(length: payload.count, limit: limit) }
        try await write(try NATSEncoder.publish(subject: subject, replyTo: replyTo, headers: headers, payload: payload))
    }

    /// Publishes several messages with one write (fewer system calls for a batch).
    public func publish(_ publications: [(subject: String, payload: [UInt8])]) async throws {
        let limit = lock.withLock { serverInfo.maxPayload }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(publications.reduce(0) { $0 + $1.payload.count + $1.subject.utf8.count + 16 })
        for (subject, payload) in publications {
            guard payload.count <= limit else { throw NATSError.payloadTooLarge(length: payload.count, limit: limit) }
            try NATSEncoder.publish(subject: subject, payload: payload, into: &bytes)
        }
        try await write(bytes)
    }

    /// Sends a `PING` and waits for its `PONG`: everything written before has been processed by
    /// the server (subscriptions are in place, publishes are routed).
    public func flush(timeout: Double = 5) async throws {
        let timer = Task {
            try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            close()
        }
        defer { timer.cancel() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            Task { do { try await sendPing(waiter: continuation) } catch { } }
        }
    }

    private func sendPing(waiter: CheckedContinuation<Void, any Error>?) async throws {
        let accepted = lock.withLock { () -> Bool in
            guard !isClosed else { return false }
            pongWaiters.append(waiter)
            return true
        }
        guard accepted else { waiter?.resume(throwing: NATSError.connectionClosed); return }
        // A failed write closes the connection, which fails every waiter.
        do { try await stream.write(NATSEncoder.ping) } catch { close(); throw error }
    }

    /// Bytes queued for the server but not yet taken by the kernel.
    public var pendingOutboundBytes: Int { channel.pendingOutboundBytes }

    /// Whether the connection is still usable.
    public var isOpen: Bool { lock.withLock { !isClosed } && channel.isOpen }

    /// Closes at once; waiting `flush`es fail, `run()` returns.
    public func close() {
        let waiters = lock.withLock { () -> [CheckedContinuation<Void, any Error>?] in
            if isClosed { return [] }
            isClosed = true
            defer { pongWaiters = [] }
            return pongWaiters
        }
        stream.close()
        for case let waiter? in waiters { waiter.resume(throwing: NATSError.connectionClosed) }
    }
}

/// A flag set once by one task and read by another.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
