/// The opcode of a WebSocket frame (RFC 6455 §5.2); reserved values are rejected by the decoder.
public enum WebSocketOpcode: UInt8, Sendable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    /// Control frames (close, ping, pong) carry ≤ 125 bytes and are never fragmented.
    public var isControl: Bool { rawValue & 0x8 != 0 }
}

/// One WebSocket frame as it travels on the wire, payload already unmasked.
public struct WebSocketFrame: Equatable, Sendable {
    /// Whether this is the final fragment of a message.
    public var fin: Bool
    public var opcode: WebSocketOpcode
    /// The masking key the frame carried (or is to carry); `nil` for unmasked frames.
    public var maskingKey: UInt32?
    /// The application data, unmasked.
    public var payload: [UInt8]

    public init(fin: Bool = true, opcode: WebSocketOpcode, maskingKey: UInt32? = nil, payload: [UInt8] = []) {
        self.fin = fin
        self.opcode = opcode
        self.maskingKey = maskingKey
        self.payload = payload
    }
}

/// A complete WebSocket message, as `WebSocketConnection.receive()` delivers it.
///
/// Text is delivered as raw bytes: KIS has sent invalid UTF-8 in text frames, and a strict
/// client would close with 1007 and lose the session. `text` decodes lossily when a String is wanted.
public enum WebSocketMessage: Equatable, Sendable {
    case text([UInt8])
    case binary([UInt8])
    case ping([UInt8])
    case pong([UInt8])
    /// The peer's close frame: its code (absent when the frame had no payload) and reason.
    case close(code: UInt16?, reason: String)

    /// A text message built from a String.
    public static func text(_ string: String) -> WebSocketMessage { .text(Array(string.utf8)) }

    /// The message's text, invalid UTF-8 replaced by U+FFFD; `nil` unless this is a text message.
    public var text: String? {
        if case .text(let bytes) = self { return String(decoding: bytes, as: UTF8.self) }
        return nil
    }

    /// The payload bytes of a data or ping/pong message; `nil` for close.
    public var payload: [UInt8]? {
        switch self {
        case .text(let bytes), .binary(let bytes), .ping(let bytes), .pong(let bytes): return bytes
        case .close: return nil
        }
    }
}

/// Close status codes used by this module (RFC 6455 §7.4.1).
public enum WebSocketCloseCode {
    public static let normal: UInt16 = 1000
    public static let goingAway: UInt16 = 1001
    public static let protocolError: UInt16 = 1002
    public static let messageTooBig: UInt16 = 1009
    public static let internalError: UInt16 = 1011
}
