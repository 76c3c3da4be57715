/// Opens client WebSocket connections (`ws://` and `wss://`), handshake included.
///
/// One call = one connection; reconnecting with backoff is the caller's loop.
public enum WebSocketClient {
    /// Connects, upgrades and verifies `Sec-WebSocket-Accept`.
    /// - Parameters:
    ///   - headers: extra handshake headers.
    ///   - timeout: bound on connect plus TLS plus handshake.
    ///   - tls: trust settings for `wss://` (default: the system CA bundle).
    public static func connect(
        url: String, headers: HTTPHeaders = [:], timeout: Duration = .seconds(10),
        configuration: WebSocketConfiguration = WebSocketConfiguration(), tls: TLSConfiguration = .client()
    ) async throws -> WebSocketConnection {
        let url = try NetURL(url)
        guard url.scheme == "ws" || url.scheme == "wss" else { throw NetError.invalidURL("\(url.scheme):// is not a WebSocket scheme") }
        let start = ContinuousClock.now
        let channel = try await TCPSocket.connect(host: url.host, port: url.port, timeout: timeout)
        let remaining = timeout - (ContinuousClock.now - start)
        return try await withDeadline(remaining, "WebSocket handshake with \(url.hostHeader)", onExpiry: { channel.close() }) {
            let stream: any ByteStream = url.isSecure
                ? try await TLSStream.connect(over: channel, context: TLSContext(configuration: tls), serverName: url.host)
                : PlainByteStream(channel)
            do {
                let key = WebSocketHandshake.makeClientKey()
                let request = WebSocketHandshake.makeUpgradeRequest(target: url.target, host: url.hostHeader, key: key, headers: headers)
                try await stream.write(HTTPEncoder.encode(request))
                var decoder = HTTPResponseDecoder(limits: HTTPDecoderLimits(maximumHeaderBytes: 64 << 10, maximumBodyBytes: 1 << 20))
                while true {
                    let bytes = try await stream.read()
                    let response: HTTPResponse?
                    if bytes.isEmpty {
                        response = try decoder.decodeAtEndOfStream()
                        guard response != nil else { throw NetError.handshakeFailed("connection closed before a response") }
                    } else {
                        decoder.append(bytes)
                        response = try decoder.decode()
                    }
                    guard let response else { continue }
                    try WebSocketHandshake.validateUpgradeResponse(response, key: key)
                    return WebSocketConnection(stream: stream, role: .client, configuration: configuration,
                                               initialBytes: decoder.takeBufferedBytes())
                }
            } catch {
                stream.close()
                throw error
            }
        }
    }
}
