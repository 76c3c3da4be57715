import Foundation

/// Limits and timeouts of a WebSocket connection.
public struct WebSocketConfiguration: Sendable {
    /// The largest message (and frame) accepted. Default 16 MiB.
    public var maximumMessageSize: Int = 16 << 20
    /// How long `close` waits for the peer's close frame. Default 5 s.
    public var closeTimeout: Duration = .seconds(5)
    /// Whether pings are answered automatically (they are still delivered). Default `true`.
    public var repliesToPings = true
    public init() {}
}

/// One WebSocket connection over a `ByteStream`, client or server side.
///
/// `receive()` is pulled by a single consumer (back-pressure reaches the peer through TCP); sends may
/// come from any task. Pings are answered and close handshakes completed by `WebSocketStateMachine`.
public final class WebSocketConnection: @unchecked Sendable {
    /// Which side of the connection this is: clients mask their frames, servers do not.
    public enum Role: Sendable { case client, server }

    public let role: Role
    public let configuration: WebSocketConfiguration
    private let stream: any ByteStream
    private let lock = NSLock()
    private var machine: WebSocketStateMachine
    private var decoder: WebSocketFrameDecoder
    private var assembler: WebSocketMessageAssembler
    private var isReceiving = false
    private var isTransportClosed = false
    private var closeWaiters: [CheckedContinuation<Void, Never>] = []

    /// Wraps an upgraded stream; `initialBytes` are bytes that arrived after the handshake.
    public init(stream: any ByteStream, role: Role, configuration: WebSocketConfiguration = WebSocketConfiguration(), initialBytes: [UInt8] = []) {
        self.stream = stream
        self.role = role
        self.configuration = configuration
        machine = WebSocketStateMachine(repliesToPings: configuration.repliesToPings)
        decoder = WebSocketFrameDecoder(maximumFrameSize: configuration.maximumMessageSize, expectsMaskedFrames: role == .server)
        assembler = WebSocketMessageAssembler(maximumMessageSize: configuration.maximumMessageSize)
        decoder.append(initialBytes)
    }

    /// Whether data may still be sent.
    public var isOpen: Bool { lock.withLock { machine.isOpen } }

    /// The next message. The peer's close arrives once as `.close`; afterwards (and when the
    /// stream ends without one) this throws `NetError` with `isConnectionClosed`.
    public func receive() async throws -> WebSocketMessage {
        lock.withLock { isReceiving = true }
        defer { lock.withLock { isReceiving = false } }
        while true {
            let frame: WebSocketFrame?
            do {
                frame = try lock.withLock { try decoder.decode() }
            } catch let error as NetError {
                await perform(lock.withLock { machine.failed(error) })
                throw error
            }
            if let frame {
                let message: WebSocketMessage?
                do {
                    message = try lock.withLock { try assembler.assemble(frame) }
                } catch let error as NetError {
                    await perform(lock.withLock { machine.failed(error) })
                    throw error
                }
                guard let message else { continue }
                if let delivered = await perform(lock.withLock { machine.received(message) }) { return delivered }
                continue
            }
            if lock.withLock({ machine.state == .closed }) { throw NetError.connectionClosed }
            let bytes: [UInt8]
            do { bytes = try await stream.read() } catch {
                closeTransport()
                if lock.withLock({ machine.state == .closed }) { throw NetError.connectionClosed }
                throw error
            }
            if bytes.isEmpty {
                // RFC 6455 §7.1.5: the stream ended without a close frame (code 1006).
                closeTransport()
                throw NetError.connectionClosed
            }
            lock.withLock { decoder.append(bytes) }
        }
    }

    /// Sends a text message.
    public func send(text: String) async throws { try await send(frame: WebSocketFrame(opcode: .text, payload: Array(text.utf8))) }
    /// Sends a text message given as UTF-8 bytes.
    public func send(textBytes: [UInt8]) async throws { try await send(frame: WebSocketFrame(opcode: .text, payload: textBytes)) }
    /// Sends a binary message.
    public func send(binary: [UInt8]) async throws { try await send(frame: WebSocketFrame(opcode: .binary, payload: binary)) }
    /// Sends a ping (≤ 125 bytes).
    public func ping(_ payload: [UInt8] = []) async throws { try await send(frame: WebSocketFrame(opcode: .ping, payload: payload)) }
    /// Sends a pong (≤ 125 bytes), e.g. to answer KIS's PINGPONG with its own text.
    public func pong(_ payload: [UInt8] = []) async throws { try await send(frame: WebSocketFrame(opcode: .pong, payload: payload)) }

    /// Sends one frame as given (fragments included); a client masks it with a fresh key.
    public func send(frame: WebSocketFrame) async throws {
        guard lock.withLock({ machine.isOpen }) else { throw NetError.connectionClosed }
        try await write(frame)
    }

    /// Sends several frames with one write (one syscall): how a server pushes a burst of small
    /// records without paying a system call per message.
    public func send(frames: [WebSocketFrame]) async throws {
        guard lock.withLock({ machine.isOpen }) else { throw NetError.connectionClosed }
        var bytes: [UInt8] = []
        var generator = SystemRandomNumberGenerator()
        for var frame in frames {
            if role == .client { frame.maskingKey = generator.next() }
            WebSocketFrameEncoder.encode(frame, into: &bytes)
        }
        try await stream.write(bytes)
    }

    /// Starts the closing handshake and waits (up to `configuration.closeTimeout`) for the peer's
    /// close; then closes the stream. Messages that arrive meanwhile are discarded unless another
    /// task is inside `receive()`, which then sees them and the close.
    public func close(code: UInt16 = WebSocketCloseCode.normal, reason: String = "") async {
        let timeout = configuration.closeTimeout
        let actions = lock.withLock { machine.requestClose(code: code, reason: reason, now: .now, timeout: timeout) }
        guard !actions.isEmpty else { closeTransport(); return }
        await perform(actions)
        let timer = Task { [weak self] in
            do { try await Task.sleep(for: timeout) } catch { return }
            guard let self else { return }
            await self.perform(self.lock.withLock { self.machine.tick(now: .now) })
            self.closeTransport()
        }
        defer { timer.cancel() }
        if lock.withLock({ isReceiving }) {
            await waitUntilTransportClosed()
        } else {
            while true {
                do {
                    if case .close = try await receive() { break }
                } catch { break }
            }
        }
        closeTransport()
    }

    /// Closes the transport at once, without a close frame: the peer sees the stream end (1006), as
    /// after a crash or a network cut. For servers and tests that must reproduce a dirty disconnect.
    public func abort() { closeTransport() }

    /// Performs actions; returns the message to deliver, if any.
    @discardableResult
    private func perform(_ actions: [WebSocketStateMachine.Action]) async -> WebSocketMessage? {
        var delivered: WebSocketMessage?
        for action in actions {
            switch action {
            case .send(let frame): try? await write(frame)
            case .deliver(let message): delivered = message
            case .closeTransport:
                _ = try? await withDeadline(configuration.closeTimeout, "flush before close", onExpiry: { [stream] in stream.close() }) {
                    try await stream.flush()
                }
                closeTransport()
            }
        }
        return delivered
    }

    private func write(_ frame: WebSocketFrame) async throws {
        var frame = frame
        if role == .client {
            var generator = SystemRandomNumberGenerator()
            frame.maskingKey = generator.next()
        }
        try await stream.write(WebSocketFrameEncoder.encode(frame))
    }

    private func closeTransport() {
        let waiters = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            machine.transportClosed()
            if isTransportClosed { return [] }
            isTransportClosed = true
            defer { closeWaiters = [] }
            return closeWaiters
        }
        stream.close()
        waiters.forEach { $0.resume() }
    }

    private func waitUntilTransportClosed() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if isTransportClosed { lock.unlock(); continuation.resume() } else { closeWaiters.append(continuation); lock.unlock() }
        }
    }
}
