import System

/// Splits a byte stream into IPC frames.
///
/// ```
///  0               4                              4+N
///  +---------------+------------------------------+
///  | N (u32, big-  |  N bytes: one UTF-8 JSON     |
///  |  endian)      |  object                      |
///  +---------------+------------------------------+
/// ```
/// `next()` returns `nil` when more bytes are needed and throws when the stream is malformed.
/// The length is checked against `maximumFrameLength` before a byte of the body is stored.
public struct FrameDecoder: Sendable {
    /// The default largest frame body accepted: 1 MiB.
    public static let defaultMaximumFrameLength = 1 << 20

    public let maximumFrameLength: Int
    private var queue = ByteQueue()

    public init(maximumFrameLength: Int = FrameDecoder.defaultMaximumFrameLength) {
        self.maximumFrameLength = maximumFrameLength
    }

    /// Bytes received but not yet returned as frames.
    public var bufferedByteCount: Int { queue.count }

    /// Appends bytes read from the stream (no copy when everything before was decoded).
    public mutating func append(_ bytes: [UInt8]) { queue.append(bytes) }

    /// Appends received bytes.
    public mutating func append<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 { queue.append(bytes) }

    /// The next complete frame body, or `nil` if more bytes are needed.
    /// - Throws: `FramingError.frameTooLarge` as soon as the prefix announces too many bytes.
    public mutating func next() throws(FramingError) -> [UInt8]? {
        guard queue.count >= 4 else { return nil }
        let readIndex = queue.readIndex
        let length = Int(queue.bytes[readIndex]) << 24 | Int(queue.bytes[readIndex + 1]) << 16
            | Int(queue.bytes[readIndex + 2]) << 8 | Int(queue.bytes[readIndex + 3])
        guard length <= maximumFrameLength else {
            throw .frameTooLarge(length: length, maximum: maximumFrameLength)
        }
        guard queue.count - 4 >= length else { return nil }
        let start = readIndex + 4
        let body = Array(queue.bytes[start..<start + length])
        queue.consume(upTo: start + length)
        queue.releaseIfConsumed(keepingCapacityUpTo: 1 << 20)
        return body
    }

    /// Called at end of stream: leftover bytes are a truncated frame.
    public func finish() throws(FramingError) {
        if bufferedByteCount > 0 { throw .truncatedFrame(bufferedBytes: bufferedByteCount) }
    }
}

/// Encodes frame bodies with their length prefix.
public enum FrameEncoder {
    /// Prefixes `body` with its 4-byte big-endian length.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(body.count + 4)
        append(body, to: &out)
        return out
    }

    /// Fills in the 4-byte prefix of a frame built in place (`out` starts with 4 placeholder bytes).
    static func writeLength(of out: inout [UInt8]) {
        let length = UInt32(out.count - 4)
        out[0] = UInt8(length >> 24)
        out[1] = UInt8((length >> 16) & 0xff)
        out[2] = UInt8((length >> 8) & 0xff)
        out[3] = UInt8(length & 0xff)
    }

    /// Appends one framed body to `out` (to batch several frames in one write).
    public static func append(_ body: [UInt8], to out: inout [UInt8]) {
        let length = UInt32(body.count)
        out.append(UInt8(length >> 24))
        out.append(UInt8((length >> 16) & 0xff))
        out.append(UInt8((length >> 8) & 0xff))
        out.append(UInt8(length & 0xff))
        out.append(contentsOf: body)
    }
}

/// What can go wrong with a stream of IPC frames or a frame's content.
public struct FramingError: Error, CustomStringConvertible, Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case frameTooLarge(length: Int, maximum: Int)
        case truncatedFrame(bufferedBytes: Int)
        case invalidJSON(String)
        case unknownType(String)
    }
    let kind: Kind

    public static func frameTooLarge(length: Int, maximum: Int) -> FramingError { .init(kind: .frameTooLarge(length: length, maximum: maximum)) }
    public static func truncatedFrame(bufferedBytes: Int) -> FramingError { .init(kind: .truncatedFrame(bufferedBytes: bufferedBytes)) }
    public static func invalidJSON(_ detail: String) -> FramingError { .init(kind: .invalidJSON(detail)) }
    /// The type as the peer sent it, cut to 64 characters (it is echoed in replies and logs).
    public static func unknownType(_ type: String) -> FramingError {
        .init(kind: .unknownType(type.count > 64 ? String(type.prefix(64)) + "…" : type))
    }

    /// A short wire code for `error` replies.
    public var code: String {
        switch kind {
        case .frameTooLarge: "frame_too_large"
        case .truncatedFrame: "truncated_frame"
        case .invalidJSON: "invalid_json"
        case .unknownType: "unknown_type"
        }
    }

    public var description: String {
        switch kind {
        case .frameTooLarge(let length, let maximum): "frame of \(length) bytes exceeds the \(maximum)-byte maximum"
        case .truncatedFrame(let bytes): "stream ended inside a frame (\(bytes) bytes buffered)"
        case .invalidJSON(let detail): "frame is not a valid JSON message: \(detail)"
        case .unknownType(let type): "unknown message type \"\(type)\""
        }
    }
}
