/// Limits that every HTTP decoder checks before buffering.
public struct HTTPDecoderLimits: Sendable {
    /// The largest start line plus header section (and chunked trailers) accepted. Default 64 KiB.
    public var maximumHeaderBytes: Int = 64 << 10
    /// The largest body accepted, declared or chunked. Default 16 MiB.
    public var maximumBodyBytes: Int = 16 << 20
    public init(maximumHeaderBytes: Int = 64 << 10, maximumBodyBytes: Int = 16 << 20) {
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumBodyBytes = maximumBodyBytes
    }
}

/// How a message's body is delimited (RFC 9112 §6).
enum HTTPBodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
    case untilClose
}

/// The side-independent core of the HTTP/1.1 decoders: header section, then the body by framing.
///
/// ```
/// start-line CRLF *( field-name ":" OWS field-value OWS CRLF ) CRLF [ body ]
/// chunked body = *( hex-size [ ";" ext ] CRLF data CRLF ) "0" CRLF *( trailer CRLF ) CRLF
/// ```
struct HTTPMessageDecoder {
    private enum State { case head, body(Int), chunkSize, chunkData(Int), chunkDataEnd, trailers, untilClose }
    static let crlf: [UInt8] = [13, 10]
    static let crlfcrlf: [UInt8] = [13, 10, 13, 10]

    let limits: HTTPDecoderLimits
    private(set) var buffer = ByteBuffer()
    private var state = State.head
    private var scanOffset = 0
    private var body: [UInt8] = []
    private var trailerBytes = 0

    init(limits: HTTPDecoderLimits) { self.limits = limits }

    /// Whether no message is in progress (the head of the next one has not started).
    var isIdle: Bool { if case .head = state { return buffer.readableCount == 0 } else { return false } }

    mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 { buffer.append(contentsOf: bytes) }

    mutating func takeBufferedBytes() -> [UInt8] { buffer.readAll() }

    /// The start line and headers once the whole header section is buffered.
    mutating func decodeHead() throws -> (startLine: Substring, headers: HTTPHeaders)? {
        // RFC 9112 §2.2: ignore empty lines before a start line.
        while buffer.readableCount >= 2, buffer[0] == 13, buffer[1] == 10 { buffer.skip(2); scanOffset = 0 }
        guard let end = buffer.firstOffset(of: Self.crlfcrlf, from: scanOffset) else {
            guard buffer.readableCount <= limits.maximumHeaderBytes else { throw NetError.headerTooLarge(limit: limits.maximumHeaderBytes) }
            scanOffset = max(0, buffer.readableCount - 3)
            return nil
        }
        guard end + 4 <= limits.maximumHeaderBytes else { throw NetError.headerTooLarge(limit: limits.maximumHeaderBytes) }
        scanOffset = 0
        let text = String(decoding: buffer.readBytes(end), as: UTF8.self)
        buffer.skip(4)
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        let startLine = lines.removeFirst()
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw NetError.malformed("header line without a colon") }
            let name = line[..<colon]
            // RFC 9112 §5.1/§5.2: no whitespace in a field name; obsolete line folding is rejected.
            guard !name.isEmpty, !name.contains(where: { $0 == " " || $0 == "\t" }) else {
                throw NetError.malformed("bad header name '\(name)'")
            }
            headers.add(name: String(name), value: String(line[line.index(after: colon)...].trimmingSpaces))
        }
        return (startLine, headers)
    }

    /// Enters the body state for `framing`, rejecting a declared length over the limit.
    mutating func beginBody(_ framing: HTTPBodyFraming) throws {
        body = []
        trailerBytes = 0
        switch framing {
        case .none: state = .body(0)
        case .length(let length):
            guard length <= limits.maximumBodyBytes else { throw NetError.bodyTooLarge(length: length, limit: limits.maximumBodyBytes) }
            state = .body(length)
        case .chunked: state = .chunkSize
        case .untilClose: state = .untilClose
        }
    }

    /// The complete body, or `nil` when more bytes are needed.
    mutating func decodeBody() throws -> [UInt8]? {
        while true {
            switch state {
            case .head: return nil
            case .body(let length):
                guard buffer.readableCount >= length else { return nil }
                return finishBody(length == 0 ? [] : buffer.readBytes(length))
            case .chunkSize:
                guard let end = buffer.firstOffset(of: Self.crlf) else {
                    guard buffer.readableCount <= 1024 else { throw NetError.malformed("chunk-size line too long") }
                    return nil
                }
                let line = String(decoding: buffer.readBytes(end), as: UTF8.self)
                buffer.skip(2)
                let sizeText = line.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0].trimmingSpaces
                guard !sizeText.isEmpty, sizeText.count <= 15, let size = Int(sizeText, radix: 16) else {
                    throw NetError.malformed("bad chunk size '\(line)'")
                }
                guard body.count + size <= limits.maximumBodyBytes else {
                    throw NetError.bodyTooLarge(length: body.count + size, limit: limits.maximumBodyBytes)
                }
                state = size == 0 ? .trailers : .chunkData(size)
            case .chunkData(let remaining):
                let available = min(remaining, buffer.readableCount)
                guard available > 0 else { return nil }
                buffer.withReadableBytes { body.append(contentsOf: $0.prefix(available)) }
                buffer.skip(available)
                state = available == remaining ? .chunkDataEnd : .chunkData(remaining - available)
            case .chunkDataEnd:
                guard buffer.readableCount >= 2 else { return nil }
                guard buffer[0] == 13, buffer[1] == 10 else { throw NetError.malformed("chunk data not followed by CRLF") }
                buffer.skip(2)
                state = .chunkSize
            case .trailers:
                guard let end = buffer.firstOffset(of: Self.crlf) else {
                    guard trailerBytes + buffer.readableCount <= limits.maximumHeaderBytes else {
                        throw NetError.headerTooLarge(limit: limits.maximumHeaderBytes)
                    }
                    return nil
                }
                buffer.skip(end + 2)
                trailerBytes += end + 2
                guard trailerBytes <= limits.maximumHeaderBytes else { throw NetError.headerTooLarge(limit: limits.maximumHeaderBytes) }
                if end == 0 { return finishBody(body) }
            case .untilClose:
                guard body.count + buffer.readableCount <= limits.maximumBodyBytes else {
                    throw NetError.bodyTooLarge(length: body.count + buffer.readableCount, limit: limits.maximumBodyBytes)
                }
                body.append(contentsOf: buffer.readAll())
                return nil
            }
        }
    }

    /// At end of stream: the body of a read-until-close message, `nil` if idle, else an error.
    mutating func decodeBodyAtEndOfStream() throws -> [UInt8]? {
        if case .untilClose = state {
            _ = try decodeBody()
            return finishBody(body)
        }
        if isIdle { return nil }
        throw NetError.truncated("an HTTP message")
    }

    private mutating func finishBody(_ bytes: [UInt8]) -> [UInt8] {
        state = .head
        body = []
        return bytes
    }

    /// The framing declared by `Content-Length` (all copies must agree), if any.
    static func contentLength(_ headers: HTTPHeaders) throws -> Int? {
        let values = headers.values(for: "Content-Length").flatMap { $0.split(separator: ",").map { $0.trimmingSpaces } }
        guard let first = values.first else { return nil }
        guard values.allSatisfy({ $0 == first }), first.count <= 18, first.allSatisfy(\.isASCIIDigitCharacter),
              let length = Int(first) else {
            throw NetError.malformed("bad Content-Length")
        }
        return length
    }

    /// Whether the last transfer coding is `chunked`; `nil` when there is no Transfer-Encoding.
    static func isChunked(_ headers: HTTPHeaders) -> Bool? {
        let codings = headers.values(for: "Transfer-Encoding").flatMap { $0.split(separator: ",") }
        guard let last = codings.last else { return nil }
        return HTTPHeaders.equalNames(last.trimmingSpaces, "chunked")
    }

    static func parseVersion<S: StringProtocol>(_ text: S) throws -> HTTPVersion {
        switch text {
        case "HTTP/1.1": return .http1_1
        case "HTTP/1.0": return .http1_0
        default: throw NetError.malformed("unsupported version '\(text)'")
        }
    }
}

extension Character {
    var isASCIIDigitCharacter: Bool { self >= "0" && self <= "9" }
}
