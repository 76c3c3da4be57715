/// A growable byte buffer with a read index, the input side of every decoder in this module.
///
/// Appends go to the end, consumption moves `readIndex`; consumed bytes are dropped only when the
/// buffer empties or when more than half of it (and at least 64 KiB) is dead, so decoding a stream of
/// small frames costs no per-frame array shifting.
public struct ByteBuffer: Sendable {
    @usableFromInline var storage: [UInt8] = []
    @usableFromInline var readIndex = 0

    public init() {}
    public init(_ bytes: [UInt8]) { storage = bytes }

    /// Bytes appended but not yet consumed.
    @inlinable public var readableCount: Int { storage.count - readIndex }

    /// Appends bytes, first reclaiming consumed space when that is cheap or worthwhile.
    @inlinable public mutating func append<C: Collection>(contentsOf bytes: C) where C.Element == UInt8 {
        compactIfNeeded()
        storage.append(contentsOf: bytes)
    }

    /// The unconsumed byte at `offset` from the read index (caller checks `readableCount`).
    @inlinable public subscript(offset: Int) -> UInt8 { storage[readIndex + offset] }

    /// Consumes `count` bytes and returns them as a new array.
    @inlinable public mutating func readBytes(_ count: Int) -> [UInt8] {
        let bytes = Array(storage[readIndex ..< readIndex + count])
        readIndex += count
        return bytes
    }

    /// Consumes `count` bytes without copying them.
    @inlinable public mutating func skip(_ count: Int) { readIndex += count }

    /// Consumes everything and returns it.
    public mutating func readAll() -> [UInt8] { readBytes(readableCount) }

    /// Calls `body` with the unconsumed bytes (no copy).
    @inlinable public func withReadableBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try storage.withUnsafeBytes { raw in try body(UnsafeRawBufferPointer(rebasing: raw[readIndex...])) }
    }

    /// The offset (from the read index) of the first occurrence of `pattern` at or after `start`.
    public func firstOffset(of pattern: [UInt8], from start: Int = 0) -> Int? {
        guard !pattern.isEmpty, readableCount - start >= pattern.count else { return nil }
        return withReadableBytes { raw -> Int? in
            let last = raw.count - pattern.count
            var offset = start
            let first = pattern[0]
            while offset <= last {
                if raw[offset] == first {
                    var index = 1
                    while index < pattern.count, raw[offset + index] == pattern[index] { index += 1 }
                    if index == pattern.count { return offset }
                }
                offset += 1
            }
            return nil
        }
    }

    @inlinable mutating func compactIfNeeded() {
        if readIndex == 0 { return }
        if readIndex == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 4 << 20)
            readIndex = 0
        } else if readIndex >= 65_536, readIndex * 2 >= storage.count {
            storage.removeFirst(readIndex)
            readIndex = 0
        }
    }
}
