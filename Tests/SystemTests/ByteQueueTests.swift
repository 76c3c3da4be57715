import Testing
@testable import System

/// `ByteQueue`: the unread bytes of a stream that `FrameDecoder` and `NATSDecoder` decode in place.
struct ByteQueueTests {
    @Test func aReadAfterEverythingWasConsumed_becomesTheStorage() {
        var queue = ByteQueue()
        queue.append([1, 2, 3])
        #expect(queue.bytes == [1, 2, 3] && queue.readIndex == 0 && queue.count == 3)
        queue.consume(upTo: 3)
        #expect(queue.count == 0)
        queue.append([4, 5])
        #expect(queue.bytes == [4, 5] && queue.readIndex == 0, "the consumed bytes are gone, the read is the storage")
    }

    @Test func unreadBytesStay_andConsumedOnesAreDroppedOnceTheyAreHalfTheStorage() {
        var queue = ByteQueue()
        queue.append([1, 2, 3, 4])
        queue.consume(upTo: 1)
        queue.append([5])
        #expect(queue.bytes == [1, 2, 3, 4, 5] && queue.readIndex == 1, "one of four consumed: kept, no copy")
        queue.consume(upTo: 3)
        queue.append([6][...])
        #expect(queue.bytes == [4, 5, 6] && queue.readIndex == 0, "three of five consumed: dropped before appending")
        #expect(Array(queue.bytes[queue.readIndex...]) == [4, 5, 6] && queue.count == 3)
    }

    @Test func releaseIfConsumed_emptiesOnlyAWhollyConsumedQueue() {
        var queue = ByteQueue()
        queue.append([UInt8](repeating: 7, count: 100))
        queue.consume(upTo: 99)
        queue.releaseIfConsumed(keepingCapacityUpTo: 1 << 20)
        #expect(queue.count == 1 && queue.readIndex == 99)
        queue.consume(upTo: 100)
        queue.releaseIfConsumed(keepingCapacityUpTo: 10)
        #expect(queue.bytes.isEmpty && queue.readIndex == 0 && queue.bytes.capacity < 100, "a large buffer is released")
    }
}
