import Foundation
import IPC

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
                group.addTask { await self.serve(channel) }
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
        do {
            while true {
                while let request = try decoder.decode() {
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
                let bytes = try await stream.read()
                if bytes.isEmpty { try decoder.finish(); return }
                decoder.append(bytes)
            }
        } catch let error as NetError {
            let response = HTTPResponse(status: error.httpStatus, headers: ["Connection": "close", "Content-Type": "text/plain"],
                                        body: Array(error.description.utf8))
            try? await stream.write(HTTPEncoder.encode(response))
            try? await stream.flush()
        } catch {}
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
