/// Incremental decoder of RFC 6455 frames.
///
/// ```
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-------+-+-------------+-------------------------------+
/// |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
/// |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
/// |N|V|V|V|       |S|             |   (if payload len==126/127)   |
/// | |1|2|3|       |K|             |                               |
/// +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
/// |     Extended payload length continued, if payload len == 127  |
/// + - - - - - - - - - - - - - - - +-------------------------------+
/// |                               |Masking-key, if MASK set to 1  |
/// +-------------------------------+-------------------------------+
/// | Masking-key (continued)       |          Payload Data         |
/// +-------------------------------- - - - - - - - - - - - - - - - +
/// ```
/// `decode()` returns `nil` until a whole frame is buffered and throws on a malformed header. The
/// length is checked against `maximumFrameSize` as soon as the header is readable, before any of
/// the payload is buffered beyond what already arrived.
public struct WebSocketFrameDecoder: Sendable {
    /// The largest payload accepted in one frame.
    public let maximumFrameSize: Int
    /// Whether frames must be masked (a server decoding client frames) or must not be (a client).
    public let expectsMaskedFrames: Bool
    private var buffer = ByteBuffer()

    public init(maximumFrameSize: Int = 16 << 20, expectsMaskedFrames: Bool) {
        self.maximumFrameSize = maximumFrameSize
        self.expectsMaskedFrames = expectsMaskedFrames
    }

    /// Bytes received but not yet decoded into a frame.
    public var bufferedByteCount: Int { buffer.readableCount }

    /// Adds received bytes.
    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame, or `nil` when more bytes are needed.
    public mutating func decode() throws -> WebSocketFrame? {
        guard buffer.readableCount >= 2 else { return nil }
        let first = buffer[0], second = buffer[1]
        // RFC 6455 §5.2: RSV1-3 must be 0 unless an extension was negotiated (none is).
        guard first & 0x70 == 0 else { throw NetError.webSocketProtocol("reserved bits set") }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else {
            throw NetError.webSocketProtocol("reserved opcode \(first & 0x0F)")
        }
        let fin = first & 0x80 != 0
        let isMasked = second & 0x80 != 0
        // RFC 6455 §5.1: clients mask every frame, servers never do.
        guard isMasked == expectsMaskedFrames else {
            throw NetError.webSocketProtocol(isMasked ? "masked frame from a server" : "unmasked frame from a client")
        }
        var headerLength = 2
        var length = UInt64(second & 0x7F)
        if length == 126 {
            guard buffer.readableCount >= 4 else { return nil }
            length = UInt64(buffer[2]) << 8 | UInt64(buffer[3])
            headerLength = 4
        } else if length == 127 {
            guard buffer.readableCount >= 10 else { return nil }
            length = 0
            for index in 2..<10 { length = length << 8 | UInt64(buffer[index]) }
            // RFC 6455 §5.2: the most significant bit of a 64-bit length must be 0.
            guard length >> 63 == 0 else { throw NetError.webSocketProtocol("64-bit length with the top bit set") }
            headerLength = 10
        }
        if opcode.isControl {
            // RFC 6455 §5.5: control frames carry ≤ 125 bytes and are not fragmented.
            guard length <= 125 else { throw NetError.webSocketProtocol("control frame of \(length) bytes") }
            guard fin else { throw NetError.webSocketProtocol("fragmented control frame") }
        }
        guard length <= UInt64(maximumFrameSize) else {
            throw NetError.messageTooLarge(length: length, limit: maximumFrameSize)
        }
        var maskingKey: UInt32?
        if isMasked {
            guard buffer.readableCount >= headerLength + 4 else { return nil }
            maskingKey = UInt32(buffer[headerLength]) << 24 | UInt32(buffer[headerLength + 1]) << 16
                | UInt32(buffer[headerLength + 2]) << 8 | UInt32(buffer[headerLength + 3])
            headerLength += 4
        }
        let payloadLength = Int(length)
        guard buffer.readableCount >= headerLength + payloadLength else { return nil }
        buffer.skip(headerLength)
        var payload = buffer.readBytes(payloadLength)
        if let maskingKey { WebSocketMasking.apply(maskingKey, to: &payload) }
        return WebSocketFrame(fin: fin, opcode: opcode, maskingKey: maskingKey, payload: payload)
    }

    /// Hands over bytes not yet decoded (e.g. when the stream ends) and empties the buffer.
    public mutating func takeBufferedBytes() -> [UInt8] { buffer.readAll() }
}

/// XOR masking of payloads (RFC 6455 §5.3), eight bytes at a time.
enum WebSocketMasking {
    /// Masks or unmasks `bytes` in place with the big-endian key `key`.
    static func apply(_ key: UInt32, to bytes: inout [UInt8]) {
        let keyBytes: (UInt8, UInt8, UInt8, UInt8) = (UInt8(key >> 24), UInt8(truncatingIfNeeded: key >> 16),
                                                      UInt8(truncatingIfNeeded: key >> 8), UInt8(truncatingIfNeeded: key))
        // The key as it lies in memory, repeated to 64 bits, so whole words can be XORed.
        var wordKey: UInt64 = 0
        withUnsafeMutableBytes(of: &wordKey) { raw in
            for index in 0..<8 {
                switch index % 4 {
                case 0: raw[index] = keyBytes.0
                case 1: raw[index] = keyBytes.1
                case 2: raw[index] = keyBytes.2
                default: raw[index] = keyBytes.3
                }
            }
        }
        bytes.withUnsafeMutableBytes { raw in
            let count = raw.count
            var index = 0
            if let base = raw.baseAddress {
                while index + 8 <= count {
                    let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ wordKey
                    base.storeBytes(of: word, toByteOffset: index, as: UInt64.self)
                    index += 8
                }
            }
            while index < count {
                let keyByte: UInt8
                switch index % 4 {
                case 0: keyByte = keyBytes.0
                case 1: keyByte = keyBytes.1
                case 2: keyByte = keyBytes.2
                default: keyByte = keyBytes.3
                }
                raw[index] ^= keyByte
                index += 1
            }
        }
    }
}
