/// Server-side incremental decoder of HTTP/1.1 requests; pipelined requests decode one by one.
public struct HTTPRequestDecoder: Sendable {
    private var core: HTTPMessageDecoder
    private var pending: HTTPRequest?

    public init(limits: HTTPDecoderLimits = HTTPDecoderLimits()) { core = HTTPMessageDecoder(limits: limits) }

    /// Adds received bytes.
    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 { core.append(bytes) }

    /// The next complete request, or `nil` when more bytes are needed.
    public mutating func decode() throws -> HTTPRequest? {
        if pending == nil {
            guard let (startLine, headers) = try core.decodeHead() else { return nil }
            let parts = startLine.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw NetError.malformed("bad request line '\(startLine.prefix(100))'")
            }
            let request = HTTPRequest(method: String(parts[0]), target: String(parts[1]),
                                      version: try HTTPMessageDecoder.parseVersion(parts[2]), headers: headers)
            switch HTTPMessageDecoder.isChunked(headers) {
            case true?: try core.beginBody(.chunked)
            // RFC 9112 §6.3: a request whose final coding is not chunked cannot be delimited.
            case false?: throw NetError.malformed("unsupported Transfer-Encoding")
            case nil: try core.beginBody(try HTTPMessageDecoder.contentLength(headers).map { .length($0) } ?? .none)
            }
            pending = request
        }
        guard let body = try core.decodeBody() else { return nil }
        var request = pending!
        pending = nil
        request.body = body
        return request
    }

    /// At end of stream: throws if a request was left incomplete.
    public mutating func finish() throws {
        if pending != nil || !core.isIdle { throw NetError.truncated("an HTTP request") }
    }

    /// Hands over bytes not yet decoded (after an upgrade they belong to the new protocol).
    /// Whether bytes of a next request are already buffered (pipelining, or a request half in).
    public var hasBufferedBytes: Bool { core.buffer.readableCount > 0 }
    public mutating func takeBufferedBytes() -> [UInt8] { core.takeBufferedBytes() }
}

/// Client-side incremental decoder of HTTP/1.1 responses.
public struct HTTPResponseDecoder: Sendable {
    private var core: HTTPMessageDecoder
    private var pending: HTTPResponse?

    public init(limits: HTTPDecoderLimits = HTTPDecoderLimits()) { core = HTTPMessageDecoder(limits: limits) }

    /// Adds received bytes.
    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 { core.append(bytes) }

    /// The next complete response to a request with `method`, or `nil` when more bytes are needed.
    /// A response without length or chunking ends with the stream: see `decodeAtEndOfStream()`.
    public mutating func decode(respondingTo method: String = "GET") throws -> HTTPResponse? {
        if pending == nil {
            guard let (startLine, headers) = try core.decodeHead() else { return nil }
            let parts = startLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[1].count == 3, let status = Int(parts[1]) else {
                throw NetError.malformed("bad status line '\(startLine.prefix(100))'")
            }
            let response = HTTPResponse(status: status, reason: parts.count > 2 ? String(parts[2]) : "",
                                        version: try HTTPMessageDecoder.parseVersion(parts[0]), headers: headers)
            // RFC 9112 §6.3: 1xx, 204, 304 and responses to HEAD have no body.
            if status < 200 || status == 204 || status == 304 || method == "HEAD" {
                try core.beginBody(.none)
            } else {
                switch HTTPMessageDecoder.isChunked(headers) {
                case true?: try core.beginBody(.chunked)
                case false?: try core.beginBody(.untilClose)
                case nil: try core.beginBody(try HTTPMessageDecoder.contentLength(headers).map { .length($0) } ?? .untilClose)
                }
            }
            pending = response
        }
        guard let body = try core.decodeBody() else { return nil }
        return complete(body)
    }

    /// At end of stream: the response whose body ran until close, `nil` if nothing was pending,
    /// and an error for a truncated response.
    public mutating func decodeAtEndOfStream() throws -> HTTPResponse? {
        guard pending != nil else {
            if core.isIdle { return nil }
            throw NetError.truncated("an HTTP response head")
        }
        guard let body = try core.decodeBodyAtEndOfStream() else { return nil }
        return complete(body)
    }

    /// Hands over bytes not yet decoded (after a 101 they belong to the WebSocket).
    public mutating func takeBufferedBytes() -> [UInt8] { core.takeBufferedBytes() }

    private mutating func complete(_ body: [UInt8]) -> HTTPResponse {
        var response = pending!
        pending = nil
        response.body = body
        return response
    }
}
