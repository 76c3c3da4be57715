
/// Timeouts, limits and trust settings of an `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
    /// Bound on TCP connect plus TLS handshake. Default 5 s.
    public var connectTimeout: Duration = .seconds(5)
    /// Bound on receiving a whole response after the request is written. Default 10 s.
    public var readTimeout: Duration = .seconds(10)
    /// Response size limits.
    public var limits = HTTPDecoderLimits()
    /// Trust settings for `https://` (default: the system CA bundle, host name verified).
    public var tls = TLSConfiguration.client()
    /// Idle keep-alive connections kept for reuse. Default 4.
    public var maximumIdleConnections = 4
    public init() {}
}

/// An HTTP/1.1 client for one origin (`http://host:port` or `https://…`) with keep-alive reuse.
///
/// Each request borrows an idle connection (or opens one), so concurrent requests use separate
/// connections; a reused connection that the server had closed while idle is replaced and the
/// request retried once, transparently.
public actor HTTPClient {
    public let origin: NetURL
    public let configuration: HTTPClientConfiguration
    private var idle: [HTTPClientConnection] = []
    private var tlsContext: TLSContext?
    /// How many connections this client has opened (for tests and metrics).
    public private(set) var connectionsOpened = 0

    /// - Parameter origin: `http://host[:port]` or `https://host[:port]`; a path is ignored.
    public init(origin: String, configuration: HTTPClientConfiguration = HTTPClientConfiguration()) throws {
        self.origin = try NetURL(origin)
        guard self.origin.scheme == "http" || self.origin.scheme == "https" else { throw NetError.invalidURL(origin) }
        self.configuration = configuration
    }

    /// Sends `request` (its target relative to the origin; `Host` added) and returns the response.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        if request.headers["Host"] == nil { request.headers["Host"] = origin.hostHeader }
        if let connection = idle.popLast() {
            do {
                return try await exchange(request, on: connection)
            } catch let error where !connection.hasReceivedBytes && !((error as? NetError)?.isTimeout ?? false) {
                // The server closed the idle connection before reading our request: try a fresh one.
            }
        }
        return try await exchange(request, on: try await openConnection())
    }

    /// `GET target`.
    public func get(_ target: String, headers: HTTPHeaders = [:]) async throws -> HTTPResponse {
        try await send(HTTPRequest(method: "GET", target: target, headers: headers))
    }

    /// `POST target` with a body.
    public func post(_ target: String, headers: HTTPHeaders = [:], body: [UInt8]) async throws -> HTTPResponse {
        try await send(HTTPRequest(method: "POST", target: target, headers: headers, body: body))
    }

    /// Closes idle connections (requests in flight finish on theirs).
    public func close() {
        idle.forEach { $0.stream.close() }
        idle = []
    }

    private func exchange(_ request: HTTPRequest, on connection: HTTPClientConnection) async throws -> HTTPResponse {
        let response: HTTPResponse
        do {
            response = try await connection.exchange(request, timeout: configuration.readTimeout)
        } catch {
            connection.stream.close()
            throw error
        }
        if request.isKeepAlive, response.isKeepAlive, connection.isReusable, idle.count < configuration.maximumIdleConnections {
            idle.append(connection)
        } else {
            connection.stream.close()
        }
        return response
    }

    private func openConnection() async throws -> HTTPClientConnection {
        let start = ContinuousClock.now
        let channel = try await TCPSocket.connect(host: origin.host, port: origin.port, timeout: configuration.connectTimeout)
        connectionsOpened += 1
        guard origin.isSecure else { return HTTPClientConnection(stream: PlainByteStream(channel), limits: configuration.limits) }
        if tlsContext == nil { tlsContext = try TLSContext(configuration: configuration.tls) }
        let context = tlsContext!
        let remaining = configuration.connectTimeout - (ContinuousClock.now - start)
        let stream = try await withDeadline(remaining, "TLS handshake with \(origin.hostHeader)", onExpiry: { channel.close() }) {
            try await TLSStream.connect(over: channel, context: context, serverName: origin.host)
        }
        return HTTPClientConnection(stream: stream, limits: configuration.limits)
    }
}

/// One client connection: writes a request, decodes its response, remembers leftovers.
final class HTTPClientConnection: @unchecked Sendable {
    let stream: any ByteStream
    private var decoder: HTTPResponseDecoder
    /// Whether any byte of the current response arrived (then a retry would be unsafe).
    private(set) var hasReceivedBytes = false
    /// Whether the last response left the connection in a clean state.
    private(set) var isReusable = false

    init(stream: any ByteStream, limits: HTTPDecoderLimits) {
        self.stream = stream
        decoder = HTTPResponseDecoder(limits: limits)
    }

    func exchange(_ request: HTTPRequest, timeout: Duration) async throws -> HTTPResponse {
        hasReceivedBytes = false
        isReusable = false
        try await stream.write(HTTPEncoder.encode(request))
        return try await withDeadline(timeout, "response to \(request.method) \(request.path)", onExpiry: { [stream] in stream.close() }) {
            while true {
                let bytes = try await stream.read()
                if bytes.isEmpty {
                    guard let response = try decoder.decodeAtEndOfStream() else { throw NetError.connectionClosed }
                    return response
                }
                hasReceivedBytes = true
                decoder.append(bytes)
                // RFC 9110 §15.2: skip interim 1xx responses.
                while let response = try decoder.decode(respondingTo: request.method) {
                    if response.status >= 100, response.status < 200 { continue }
                    isReusable = true
                    return response
                }
            }
        }
    }
}
