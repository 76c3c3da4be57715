/// Joins fragmented data frames into messages (RFC 6455 §5.4), passing control frames through.
///
/// Control frames may arrive between the fragments of a data message and are returned at once.
/// The accumulated size is checked against `maximumMessageSize` before a fragment is appended.
public struct WebSocketMessageAssembler: Sendable {
    public let maximumMessageSize: Int
    private var partialOpcode: WebSocketOpcode?
    private var partial: [UInt8] = []

    public init(maximumMessageSize: Int = 16 << 20) {
        self.maximumMessageSize = maximumMessageSize
    }

    /// Feeds one frame; returns a message when one is complete.
    public mutating func assemble(_ frame: WebSocketFrame) throws -> WebSocketMessage? {
        switch frame.opcode {
        case .ping: return .ping(frame.payload)
        case .pong: return .pong(frame.payload)
        case .close: return try Self.closeMessage(frame.payload)
        case .text, .binary:
            guard partialOpcode == nil else { throw NetError.webSocketProtocol("new data frame inside a fragmented message") }
            if frame.fin { return Self.message(frame.opcode, frame.payload) }
            try checkSize(adding: frame.payload.count)
            partialOpcode = frame.opcode
            partial = frame.payload
            return nil
        case .continuation:
            guard let opcode = partialOpcode else { throw NetError.webSocketProtocol("continuation without a message") }
            try checkSize(adding: frame.payload.count)
            partial.append(contentsOf: frame.payload)
            guard frame.fin else { return nil }
            let message = Self.message(opcode, partial)
            partialOpcode = nil
            partial = []
            return message
        }
    }

    private func checkSize(adding count: Int) throws {
        let total = partial.count + count
        if total > maximumMessageSize { throw NetError.messageTooLarge(length: UInt64(total), limit: maximumMessageSize) }
    }

    private static func message(_ opcode: WebSocketOpcode, _ payload: [UInt8]) -> WebSocketMessage {
        opcode == .text ? .text(payload) : .binary(payload)
    }

    /// Parses a close payload: empty, or a 2-byte code plus a UTF-8 reason (RFC 6455 §5.5.1).
    static func closeMessage(_ payload: [UInt8]) throws -> WebSocketMessage {
        if payload.isEmpty { return .close(code: nil, reason: "") }
        guard payload.count >= 2 else { throw NetError.webSocketProtocol("close frame with a 1-byte payload") }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        return .close(code: code, reason: String(decoding: payload[2...], as: UTF8.self))
    }
}
