/// The bytes read from a stream and not yet decoded, for a decoder that reads them in place
/// (`IPC.FrameDecoder`, `NATS.NATSDecoder`): `bytes[readIndex...]` is what is left. The decoder
/// reads `bytes` directly and moves `readIndex` past what it consumed; consumed bytes are dropped
/// only when they are at least half the storage, so a read costs no copy in the usual case. Pure.
public struct ByteQueue: Sendable {
    /// The storage; the bytes before `readIndex` are consumed.
    public private(set) var bytes: [UInt8] = []
    /// Index in `bytes` of the first byte not consumed yet, at most `bytes.count`. A decoder sets
    /// it past what it took (``consume(upTo:)``).
    public private(set) var readIndex = 0

    public init() {}

    /// Bytes received but not consumed.
    public var count: Int { bytes.count - readIndex }

    /// Appends bytes read from the stream.
    public mutating func append(_ new: [UInt8]) {
        // The usual case: everything before was consumed, so the read's array becomes the storage (no copy).
        if readIndex == bytes.count {
            bytes = new
            readIndex = 0
            return
        }
        append(new[...])
    }

    /// Appends received bytes.
    public mutating func append<Bytes: Sequence>(_ new: Bytes) where Bytes.Element == UInt8 {
        if readIndex > 0, readIndex >= bytes.count / 2 {
            bytes.removeFirst(readIndex)
            readIndex = 0
        }
        bytes.append(contentsOf: new)
    }

    /// Marks everything before `index` consumed (`readIndex` ≤ `index` ≤ `bytes.count`).
    public mutating func consume(upTo index: Int) {
        precondition(index >= readIndex && index <= bytes.count, "ByteQueue.consume(upTo:) outside the unconsumed bytes")
        readIndex = index
    }

    /// When everything is consumed, empties the storage, keeping its capacity up to
    /// `keepingCapacityUpTo` bytes (a burst's large buffer is released).
    public mutating func releaseIfConsumed(keepingCapacityUpTo limit: Int) {
        guard readIndex == bytes.count else { return }
        bytes.removeAll(keepingCapacity: bytes.capacity <= limit)
        readIndex = 0
    }
}
