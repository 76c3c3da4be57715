import System

/// Messages over one stream: a `FrameDecoder` and the `MessageCodec` on top of a `StreamChannel`.
public final class IPCConnection: @unchecked Sendable {
    public let channel: StreamChannel
    private var decoder: FrameDecoder
    private let codec = MessageCodec()
    /// Most bytes taken from the socket per read.
    private let readSize: Int

    public init(channel: StreamChannel, maximumFrameLength: Int = FrameDecoder.defaultMaximumFrameLength, readSize: Int = 65_536) {
        self.channel = channel
        self.decoder = FrameDecoder(maximumFrameLength: maximumFrameLength)
        self.readSize = readSize
    }

    /// The next message; `nil` at a clean end of stream.
    /// Only one task may receive on a connection.
    /// - Throws: `FramingError` for a malformed frame, `SystemError` for I/O failures.
    public func receive() async throws -> Message? {
        guard let body = try await receiveBody() else { return nil }
        return try codec.decode(body)
    }

    /// The next frame body, undecoded (a relay writes it on as it is); `nil` at a clean end of stream.
    public func receiveBody() async throws -> [UInt8]? {
        while true {
            if let body = try decoder.next() { return body }
            let bytes = try await channel.read(maxBytes: readSize)
            if bytes.isEmpty {
                try decoder.finish()
                return nil
            }
            decoder.append(bytes)
        }
    }

    /// Every complete frame body buffered, at least one (reading when none is); `nil` at a clean end
    /// of stream. A relay handles what one read brought as one batch (one write onward).
    public func receiveBodies() async throws -> [[UInt8]]? {
        guard let first = try await receiveBody() else { return nil }
        var bodies = [first]
        while let body = try decoder.next() { bodies.append(body) }
        return bodies
    }

    /// Decodes a frame body from `receiveBody()`.
    public func decode(_ body: [UInt8]) throws -> Message { try codec.decode(body) }

    /// Queues `message` for writing (never blocks, never drops).
    public func send(_ message: Message) throws {
        try channel.write(try codec.frame(message))
    }

    /// Queues already framed bytes (a publisher encodes once for many subscribers).
    public func send(framed bytes: [UInt8]) throws {
        try channel.write(bytes)
    }

    public func close() { channel.close() }
}
