/// Encodes WebSocket frames for the wire (the inverse of `WebSocketFrameDecoder`).
public enum WebSocketFrameEncoder {
    /// The wire bytes of `frame`, masked with `frame.maskingKey` when it has one.
    public static func encode(_ frame: WebSocketFrame) -> [UInt8] {
        var bytes: [UInt8] = []
        encode(frame, into: &bytes)
        return bytes
    }

    /// Appends the wire bytes of `frame` to `bytes` (one allocation for several frames).
    public static func encode(_ frame: WebSocketFrame, into bytes: inout [UInt8]) {
        let length = frame.payload.count
        bytes.reserveCapacity(bytes.count + length + 14)
        bytes.append((frame.fin ? 0x80 : 0) | frame.opcode.rawValue)
        let maskBit: UInt8 = frame.maskingKey == nil ? 0 : 0x80
        if length <= 125 {
            bytes.append(maskBit | UInt8(length))
        } else if length <= 0xFFFF {
            bytes.append(maskBit | 126)
            bytes.append(UInt8(length >> 8))
            bytes.append(UInt8(length & 0xFF))
        } else {
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: UInt64(length) >> UInt64(shift))) }
        }
        if let key = frame.maskingKey {
            bytes.append(UInt8(key >> 24))
            bytes.append(UInt8(truncatingIfNeeded: key >> 16))
            bytes.append(UInt8(truncatingIfNeeded: key >> 8))
            bytes.append(UInt8(truncatingIfNeeded: key))
            var payload = frame.payload
            WebSocketMasking.apply(key, to: &payload)
            bytes.append(contentsOf: payload)
        } else {
            bytes.append(contentsOf: frame.payload)
        }
    }

    /// The payload of a close frame: the code in network order, then the UTF-8 reason (≤ 123 bytes).
    public static func closePayload(code: UInt16, reason: String) -> [UInt8] {
        var payload: [UInt8] = [UInt8(code >> 8), UInt8(code & 0xFF)]
        payload.append(contentsOf: Array(reason.utf8).prefix(123))
        return payload
    }
}
