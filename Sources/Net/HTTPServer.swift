import Foundation
import System

/// Where an `HTTPServer` listens and what it accepts.
public struct HTTPServerConfiguration: Sendable {
    /// A numeric address or `localhost`. Default `127.0.0.1`.
    public var host = "127.0.0.1"
    /// 0 = an ephemeral port (see `HTTPServer.port`).
    public var port: UInt16 = 0
    /// Request size limits.
    public var limits = HTTPDecoderLimits()
    /// Serve HTTPS with this certificate and key; `nil` = plain HTTP.
    public var tls: TLSConfiguration?
    /// Settings of upgraded WebSocket connections.
    public var webSocket = WebSocketConfiguration()
    /// Connections served at once (WebSocket sessions included); one more is answered 503 and
    /// closed. Default 256.
    public var maximumConnections = 256
    /// A request (head and body) must arrive whole within this many seconds of its first byte, or
    /// the connection is closed: partial requests cannot hold connections forever. Default 10.
    public var requestTimeoutSeconds: Double = 10
    /// An idle keep-alive connection is closed after this many seconds without a request. Default 120.
    public var idleTimeoutSeconds: Double = 120
    public init(host: String = "127.0.0.1", port: UInt16 = 0) { self.host = host; self.port = port }
}

/// A request handler: one request in, one response out.
public typealias HTTPHandler = @Sendable (HTTPRequest) async -> HTTPResponse

/// A path on which `Upgrade: websocket` requests are handed to `handler` after the 101 response.
public struct WebSocketRoute: Sendable {
    public var path: String
    public var handler: @Sendable (HTTPRequest, WebSocketConnection) async -> Void
    public init(path: String, handler: @escaping @Sendable (HTTPRequest, WebSocketConnection) async -> Void) {
        self.path = path
        self.handler = handler
    }
}

/// An HTTP/1.1 server: keep-alive, pipelining, optional TLS, and WebSocket upgrade routes.
public final class HTTPServer: Sendable {
    /// The bound port.
    public let port: UInt16
    private let listener: TCPListener
    private let configuration: HTTPServerConfiguration
    private let tlsContext: TLSContext?
    private let routes: [WebSocketRoute]
    private let handler: HTTPHandler
    private let connections = ConnectionRegistry()
    private let admission = ConnectionCount()

    /// Binds at once (so `port` is known before `run()`).
    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), webSocketRoutes: [WebSocketRoute] = [],
                handler: @escaping HTTPHandler) throws {
        self.configuration = configuration
        tlsContext = try configuration.tls.map { try TLSContext(configuration: $0, isServer: true) }
        routes = webSocketRoutes
        self.handler = handler
        listener = try TCPSocket.listen(host: configuration.host, port: configuration.port)
        port = listener.port
    }

    /// Accepts and serves connections until `shutdown()`; returns when all connections ended.
    public func run() async {
        await withDiscardingTaskGroup { group in
            while true {
                let channel: StreamChannel
                do {
                    channel = try await listener.accept()
                } catch is CancellationError {
                    break
                } catch {
                    // EMFILE and the like: pause instead of spinning.
                    try? await Task.sleep(for: .milliseconds(50))
                    continue
                }
                guard admission.enter(limit: configuration.maximumConnections) else {
                    group.addTask { await Self.refuse(channel) }
                    continue
                }
                group.addTask {
                    defer { self.admission.leave() }
                    await self.serve(channel)
                }
            }
        }
    }

    /// Stops accepting and closes every open connection.
    public func shutdown() {
        listener.close()
        connections.closeAll()
    }

    private func serve(_ channel: StreamChannel) async {
        let stream: any ByteStream
        if let tlsContext {
            let registration = connections.add(PlainByteStream(channel))
            defer { connections.remove(registration) }
            do {
                stream = try await withDeadline(.seconds(10), "TLS accept", onExpiry: { channel.close() }) {
                    try await TLSStream.accept(over: channel, context: tlsContext)
                }
            } catch { channel.close(); return }
        } else {
            stream = PlainByteStream(channel)
        }
        let registration = connections.add(stream)
        defer { connections.remove(registration); stream.close() }
        var decoder = HTTPRequestDecoder(limits: configuration.limits)
        var requestStarted: ContinuousClock.Instant?
        do {
            while true {
                while let request = try decoder.decode() {
                    requestStarted = decoder.hasBufferedBytes ? ContinuousClock.now : nil
                    if WebSocketHandshake.isUpgradeRequest(request), let route = routes.first(where: { $0.path == request.path }) {
                        try await upgrade(request, route, stream, leftover: decoder.takeBufferedBytes())
                        return
                    }
                    var response = await handler(request)
                    let keepAlive = request.isKeepAlive && response.isKeepAlive
                    if !keepAlive { response.headers["Connection"] = "close" }
                    else if request.version == .http1_0 { response.headers["Connection"] = "keep-alive" }
                    try await stream.write(HTTPEncoder.encode(response))
                    if !keepAlive { try await stream.flush(); return }
                }
                // A request under way must finish within the request timeout; between requests
                // the connection may idle for the idle timeout.
                let now = ContinuousClock.now
                let deadline = requestStarted.map { $0 + .seconds(configuration.requestTimeoutSeconds) }
                    ?? now + .seconds(configuration.idleTimeoutSeconds)
                let bytes: [UInt8]
                let expired = ExpiryFlag()
                do {
                    bytes = try await withDeadline(deadline - now, "request", onExpiry: { expired.set(); stream.close() }) {
                        try await stream.read()
                    }
                } catch where expired.isSet { return }
                if bytes.isEmpty { try decoder.finish(); return }
                if requestStarted == nil { requestStarted = now }
                decoder.append(bytes)
            }
        } catch let error as NetError {
            let response = HTTPResponse(status: error.httpStatus, headers: ["Connection": "close", "Content-Type": "text/plain"],
                                        body: Array(error.description.utf8))
            try? await stream.write(HTTPEncoder.encode(response))
            try? await stream.flush()
        } catch {}
    }

    /// Answers a connection over the cap with 503 and closes it (best effort, bounded in time).
    private static func refuse(_ channel: StreamChannel) async {
        let response = HTTPResponse(status: 503, headers: ["Connection": "close", "Content-Type": "text/plain"],
                                    body: Array("too many connections\n".utf8))
        try? channel.write(HTTPEncoder.encode(response))
        await channel.drain(timeout: 1)
        channel.close()
    }

    private func upgrade(_ request: HTTPRequest, _ route: WebSocketRoute, _ stream: any ByteStream, leftover: [UInt8]) async throws {
        let response: HTTPResponse
        do {
            response = try WebSocketHandshake.makeUpgradeResponse(for: request)
        } catch {
            let refusal = HTTPResponse(status: 400, headers: ["Connection": "close", "Sec-WebSocket-Version": "13"],
                                       body: Array("\(error)".utf8))
            try await stream.write(HTTPEncoder.encode(refusal))
            try await stream.flush()
            return
        }
        try await stream.write(HTTPEncoder.encode(response))
        let connection = WebSocketConnection(stream: stream, role: .server, configuration: configuration.webSocket, initialBytes: leftover)
        await route.handler(request, connection)
        if connection.isOpen { await connection.close(code: WebSocketCloseCode.goingAway) }
    }
}

/// The server's open streams, so `shutdown()` can close them.
final class ConnectionRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var streams: [Int: any ByteStream] = [:]
    private var nextID = 0
    private var isClosed = false

    func add(_ stream: any ByteStream) -> Int {
        let (id, closed) = lock.withLock { () -> (Int, Bool) in
            nextID += 1
            streams[nextID] = stream
            return (nextID, isClosed)
        }
        if closed { stream.close() }
        return id
    }

    func remove(_ id: Int) { _ = lock.withLock { streams.removeValue(forKey: id) } }

    func closeAll() {
        let all = lock.withLock { () -> [any ByteStream] in
            isClosed = true
            return Array(streams.values)
        }
        all.forEach { $0.close() }
    }
}

/// Connections being served, against the configured cap.
final class ConnectionCount: @unchecked Sendable {
    private let lock = NSLock()
    private var active = 0

    /// Counts one more connection if fewer than `limit` are active.
    func enter(limit: Int) -> Bool {
        lock.withLock {
            guard active < limit else { return false }
            active += 1
            return true
        }
    }

    func leave() { lock.withLock { active -= 1 } }
}
