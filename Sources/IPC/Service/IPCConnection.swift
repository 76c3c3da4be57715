import System

/// Messages over one stream: a `FrameDecoder` and the `MessageCodec` on top of a `StreamChannel`.
public final class IPCConnection: @unchecked Sendable {
    public let channel: StreamChannel
    private var decoder: FrameDecoder
    private let codec = MessageCodec()

    public init(channel: StreamChannel, maximumFrameLength: Int = FrameDecoder.defaultMaximumFrameLength) {
        self.channel = channel
        self.decoder = FrameDecoder(maximumFrameLength: maximumFrameLength)
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
            let bytes = try await channel.read()
            if bytes.isEmpty {
                try decoder.finish()
                return nil
            }
            decoder.append(bytes)
        }
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
