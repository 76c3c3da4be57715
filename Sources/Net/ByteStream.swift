import System

/// A bidirectional byte stream that HTTP and WebSocket run over: plain TCP or TLS alike.
///
/// One reader at a time; writes may come from any task and are delivered whole and in order.
public protocol ByteStream: AnyObject, Sendable {
    /// The next bytes received; an empty array at end of stream.
    func read() async throws -> [UInt8]
    /// Queues `bytes` for sending, suspending while too much is already queued (back-pressure).
    func write(_ bytes: [UInt8]) async throws
    /// Suspends until everything written has been handed to the kernel.
    func flush() async throws
    /// Closes the stream at once; a pending `read()` ends.
    func close()
}

/// A `ByteStream` straight over a `StreamChannel` (plain TCP).
public final class PlainByteStream: ByteStream {
    /// The underlying channel.
    public let channel: StreamChannel
    /// Queued bytes above which `write` suspends until half of them drained.
    public let highWaterMark: Int

    public init(_ channel: StreamChannel, highWaterMark: Int = 4 << 20) {
        self.channel = channel
        self.highWaterMark = highWaterMark
    }

    public func read() async throws -> [UInt8] { try await channel.read() }

    public func write(_ bytes: [UInt8]) async throws {
        try channel.write(bytes)
        try await channel.applyBackPressure(highWaterMark: highWaterMark)
    }

    public func flush() async throws {
        await channel.waitUntilDrained(below: 0)
        guard channel.isOpen else { throw NetError.connectionClosed }
    }

    public func close() { channel.close() }
}

extension StreamChannel {
    /// Suspends while more than `highWaterMark` bytes are queued; throws if the channel failed.
    func applyBackPressure(highWaterMark: Int) async throws {
        guard pendingOutboundBytes > highWaterMark else { return }
        await waitUntilDrained(below: highWaterMark / 2)
        guard isOpen else { throw NetError.connectionClosed }
    }
}
