/// The pure ping/pong/close logic of one WebSocket connection (RFC 6455 §5.5, §7), returning
/// actions for the driver to perform. The clock is injected, so the close timeout is testable
/// without sleeping.
public struct WebSocketStateMachine: Sendable {
    /// Where the connection stands in the closing handshake.
    public enum State: Equatable, Sendable {
        case open
        /// We sent a close frame and wait for the peer's until the deadline.
        case closeSent(deadline: ContinuousClock.Instant)
        case closed
    }

    /// What the driver must do, in order.
    public enum Action: Equatable, Sendable {
        /// Send this frame (unmasked here; a client driver masks it).
        case send(WebSocketFrame)
        /// Hand this message to the application.
        case deliver(WebSocketMessage)
        /// Close the TCP/TLS stream.
        case closeTransport
    }

    public private(set) var state = State.open
    /// Whether a received ping is answered with a pong automatically.
    public let repliesToPings: Bool

    public init(repliesToPings: Bool = true) { self.repliesToPings = repliesToPings }

    /// Whether data may still be sent.
    public var isOpen: Bool { state == .open }

    /// Reacts to a message from the peer.
    public mutating func received(_ message: WebSocketMessage) -> [Action] {
        switch (state, message) {
        case (.closed, _):
            return []
        case (.open, .ping(let payload)):
            return repliesToPings ? [.send(WebSocketFrame(opcode: .pong, payload: payload)), .deliver(message)] : [.deliver(message)]
        case (.open, .close(let code, _)):
            // RFC 6455 §5.5.1: answer a close with a close echoing the status code, then close.
            state = .closed
            let payload = code.map { WebSocketFrameEncoder.closePayload(code: $0, reason: "") } ?? []
            return [.send(WebSocketFrame(opcode: .close, payload: payload)), .deliver(message), .closeTransport]
        case (.closeSent, .close):
            state = .closed
            return [.deliver(message), .closeTransport]
        default:
            return [.deliver(message)]
        }
    }

    /// Starts the closing handshake; the peer has until `now + timeout` to answer.
    public mutating func requestClose(code: UInt16, reason: String, now: ContinuousClock.Instant, timeout: Duration) -> [Action] {
        guard state == .open else { return [] }
        state = .closeSent(deadline: now + timeout)
        return [.send(WebSocketFrame(opcode: .close, payload: WebSocketFrameEncoder.closePayload(code: code, reason: reason)))]
    }

    /// Closes the transport when the peer did not answer our close in time.
    public mutating func tick(now: ContinuousClock.Instant) -> [Action] {
        guard case .closeSent(let deadline) = state, now >= deadline else { return [] }
        state = .closed
        return [.closeTransport]
    }

    /// Fails the connection for a protocol error: close with its code (if still open), then close.
    public mutating func failed(_ error: NetError) -> [Action] {
        defer { state = .closed }
        switch state {
        case .open:
            let payload = WebSocketFrameEncoder.closePayload(code: error.webSocketCloseCode, reason: "")
            return [.send(WebSocketFrame(opcode: .close, payload: payload)), .closeTransport]
        case .closeSent: return [.closeTransport]
        case .closed: return []
        }
    }

    /// Notes that the stream ended or failed underneath.
    public mutating func transportClosed() { state = .closed }
}
