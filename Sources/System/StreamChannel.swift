import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A connected, non-blocking stream socket (Unix-domain or TCP) driven by the `EventLoop`.
///
/// Reads are pulled (`read()` suspends until bytes arrive, so a slow consumer back-pressures its
/// peer through the kernel buffers); writes are queued and flushed as the socket accepts them, so
/// `write(_:)` never blocks and never drops. `pendingOutboundBytes` lets a publisher decide to drop
/// market data for a slow subscriber.
public final class StreamChannel: @unchecked Sendable {
    /// The underlying descriptor (owned: closed by `close()`).
    public let fd: Int32
    private let lock = NSLock()
    private var registration: EventLoop.Registration?
    private var isReadable = true
    private var readWaiter: CheckedContinuation<Void, Never>?
    private var writableWaiters: [CheckedContinuation<Void, Never>] = []
    private var outbound: [UInt8] = []
    private var outboundOffset = 0
    private var writeError: SystemError?
    private var isClosed = false
    private var hasBeenWritable = false
    private var isShutdownPending = false
    /// The reader's scratch buffer, kept between reads (only one task reads at a time).
    private var readBuffer: [UInt8] = []

    /// Takes ownership of a connected descriptor, makes it non-blocking and registers it.
    public init(fd: Int32, loop: EventLoop = .shared) throws {
        self.fd = fd
        try makeNonBlocking(fd)
        registration = try loop.register(fd) { [weak self] events in self?.handle(events) }
    }

    deinit { close() }

    /// Bytes queued but not yet accepted by the kernel.
    public var pendingOutboundBytes: Int {
        lock.lock(); defer { lock.unlock() }
        return outbound.count - outboundOffset
    }

    /// Whether `close()` has been called or the peer's failure was seen on write.
    public var isOpen: Bool {
        lock.lock(); defer { lock.unlock() }
        return !isClosed && writeError == nil
    }

    /// Reads what is available (up to `maxBytes`), suspending until something is.
    /// - Returns: the bytes read; an empty array at end of stream.
    public func read(maxBytes: Int = 65_536) async throws -> [UInt8] {
        // Allocating and zeroing 64 KiB per read cost more than the bytes usually read.
        if readBuffer.count < maxBytes { readBuffer = [UInt8](repeating: 0, count: maxBytes) }
        while true {
            let closed = lock.withLock {
                isReadable = false
                return isClosed
            }
            if closed { throw SystemError(call: "read", errno: EBADF) }
            let result = try readBuffer.withUnsafeMutableBytes { raw in
                try syscall("read") { Glibc.read(fd, raw.baseAddress, maxBytes) }
            }
            switch result {
            case .processed(let count):
                return Array(readBuffer[0..<count])
            case .wouldBlock:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    lock.lock()
                    if isReadable || isClosed {
                        lock.unlock()
                        continuation.resume()
                    } else {
                        readWaiter = continuation
                        lock.unlock()
                    }
                }
            }
        }
    }

    /// Queues `bytes` and writes as much as the socket takes now; the rest follows on readiness.
    /// - Throws: the error of an earlier failed write (the peer is gone).
    public func write(_ bytes: [UInt8]) throws {
        lock.lock(); defer { lock.unlock() }
        if let writeError { throw writeError }
        if isClosed { throw SystemError(call: "write", errno: EBADF) }
        outbound.append(contentsOf: bytes)
        flushLocked()
        if let writeError { throw writeError }
    }

    /// Suspends until the queued bytes fall to `threshold` or below (or the channel fails).
    public func waitUntilDrained(below threshold: Int = 0) async {
        while true {
            let done = lock.withLock {
                isClosed || writeError != nil || outbound.count - outboundOffset <= threshold
            }
            if done { return }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                if isClosed || writeError != nil || outbound.count - outboundOffset <= threshold {
                    lock.unlock(); continuation.resume()
                } else {
                    writableWaiters.append(continuation)
                    lock.unlock()
                }
            }
        }
    }

    /// Waits (at most `timeout` seconds) for queued bytes to be written, e.g. before closing.
    public func drain(timeout: Double) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitUntilDrained() }
            group.addTask { try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9)) }
            await group.next()
            group.cancelAll()
            self.lock.withLock {
                let waiters = self.writableWaiters
                self.writableWaiters = []
                return waiters
            }.forEach { $0.resume() }
        }
    }

    /// Suspends until the socket reports writability once (used for non-blocking connect).
    public func waitForWritable() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if hasBeenWritable || isClosed {
                lock.unlock(); continuation.resume()
            } else {
                writableWaiters.append(continuation)
                lock.unlock()
            }
        }
    }

    /// Shuts down the write side after queued bytes are flushed (best effort).
    public func shutdownWrite() {
        lock.lock(); defer { lock.unlock() }
        if isClosed { return }
        // Shutting down with bytes still queued would lose them: defer until flushLocked drains.
        if outbound.count - outboundOffset > 0 && writeError == nil {
            isShutdownPending = true
        } else {
            _ = Glibc.shutdown(fd, Int32(SHUT_WR))
        }
    }

    /// Deregisters and closes the descriptor; pending readers see end of stream as an error.
    public func close() {
        lock.lock()
        if isClosed { lock.unlock(); return }
        isClosed = true
        let waiter = readWaiter
        readWaiter = nil
        let writers = writableWaiters
        writableWaiters = []
        let registration = self.registration
        self.registration = nil
        lock.unlock()
        if let registration { EventLoop.shared.deregister(registration) }
        Glibc.close(fd)
        waiter?.resume()
        writers.forEach { $0.resume() }
    }

    private func handle(_ events: UInt32) {
        lock.lock()
        var readWaiterToResume: CheckedContinuation<Void, Never>?
        var writersToResume: [CheckedContinuation<Void, Never>] = []
        if events & EventLoop.Bits.readable != 0 {
            isReadable = true
            readWaiterToResume = readWaiter
            readWaiter = nil
        }
        if events & EventLoop.Bits.writable != 0 {
            hasBeenWritable = true
            flushLocked()
            writersToResume = writableWaiters
            writableWaiters = []
        }
        lock.unlock()
        readWaiterToResume?.resume()
        writersToResume.forEach { $0.resume() }
    }

    /// Writes queued bytes until the kernel refuses; caller holds the lock.
    private func flushLocked() {
        while outboundOffset < outbound.count, writeError == nil, !isClosed {
            let result: IOResult<Int>
            do {
                result = try outbound.withUnsafeBytes { raw in
                    try syscall("write") {
                        Glibc.send(fd, raw.baseAddress! + outboundOffset, raw.count - outboundOffset, Int32(MSG_NOSIGNAL))
                    }
                }
            } catch let error as SystemError {
                writeError = error
                return
            } catch {
                return
            }
            switch result {
            case .processed(let count): outboundOffset += count
            case .wouldBlock: return
            }
        }
        if outboundOffset == outbound.count {
            if isShutdownPending {
                isShutdownPending = false
                _ = Glibc.shutdown(fd, Int32(SHUT_WR))
            }
            outbound.removeAll(keepingCapacity: outbound.capacity <= 1 << 20)
            outboundOffset = 0
        } else if outboundOffset > 1 << 20 {
            outbound.removeFirst(outboundOffset)
            outboundOffset = 0
        }
    }
}
