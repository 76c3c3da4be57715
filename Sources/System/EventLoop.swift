import Foundation
import CSystem
#if canImport(Glibc)
import Glibc
#endif

/// One epoll thread per process that turns file-descriptor readiness into callbacks.
///
/// Descriptors are registered once, edge-triggered, for input and output; a callback receives the
/// epoll event bits and must not block (it usually resumes a continuation or flushes a buffer).
/// Nothing here ever blocks the Swift concurrency pool: only this thread waits in `epoll_wait`.
public final class EventLoop: @unchecked Sendable {
    /// The process-wide loop, started on first use.
    public static let shared: EventLoop = {
        do { return try EventLoop() } catch { fatalError("cannot create the event loop: \(error)") }
    }()

    public typealias Handler = @Sendable (_ events: UInt32) -> Void

    /// The readiness bits a handler receives.
    public enum Bits {
        /// Bytes (or a connection, or end of stream) to read.
        public static let readable: UInt32 = EPOLLIN.rawValue | EPOLLRDHUP.rawValue | EPOLLERR.rawValue | EPOLLHUP.rawValue
        /// Room to write (or an error that a write will report).
        public static let writable: UInt32 = EPOLLOUT.rawValue | EPOLLERR.rawValue | EPOLLHUP.rawValue
    }

    private let epollFD: Int32
    private let lock = NSLock()
    private var handlers: [UInt64: Handler] = [:]
    private var nextToken: UInt64 = 1

    /// A registration's handle, used to deregister before the descriptor is closed.
    public struct Registration: Sendable, Hashable {
        fileprivate let token: UInt64
        public let fd: Int32
    }

    init() throws {
        epollFD = try syscallChecked("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        let thread = Thread { [unowned self] in self.runLoop() }
        thread.name = "kis41-event-loop"
        thread.start()
    }

    /// Registers `fd` for edge-triggered input and output readiness.
    public func register(_ fd: Int32, handler: @escaping Handler) throws -> Registration {
        lock.lock()
        let token = nextToken
        nextToken += 1
        handlers[token] = handler
        lock.unlock()
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLOUT.rawValue | EPOLLRDHUP.rawValue | EPOLLET.rawValue
        event.data.u64 = token
        do {
            try syscallChecked("epoll_ctl") { epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) }
        } catch {
            lock.lock(); handlers[token] = nil; lock.unlock()
            throw error
        }
        return Registration(token: token, fd: fd)
    }

    /// Stops delivering events for a registration; call before closing its descriptor.
    public func deregister(_ registration: Registration) {
        lock.lock()
        handlers[registration.token] = nil
        lock.unlock()
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, registration.fd, nil)
    }

    private func runLoop() {
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while true {
            let count = epoll_wait(epollFD, events, Int32(capacity), -1)
            if count < 0 {
                if errno == EINTR { continue }
                fatalError("epoll_wait failed: \(SystemError(call: "epoll_wait", errno: errno))")
            }
            for index in 0..<Int(count) {
                let token = events[index].data.u64
                let bits = events[index].events
                lock.lock()
                let handler = handlers[token]
                lock.unlock()
                handler?(bits)
            }
        }
    }
}
