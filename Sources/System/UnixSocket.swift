import Foundation
import CSystem
#if canImport(Glibc)
import Glibc
#endif

/// Unix-domain socket plumbing: addresses, listening, connecting and peer credentials.
public enum UnixSocket {
    /// `sun_path` holds 108 bytes including the terminating NUL.
    public static let maximumPathLength = 107

    /// The error for a socket path that does not fit `sun_path`.
    public struct PathTooLong: Error, CustomStringConvertible {
        public let path: String
        public var description: String {
            "socket path is \(path.utf8.count) bytes, over the \(UnixSocket.maximumPathLength)-byte sun_path limit: \(path) (set KIS41_RUN_DIR to a shorter directory)"
        }
    }

    /// Builds a `sockaddr_un` for `path`, checking the length limit.
    static func address(_ path: String) throws -> sockaddr_un {
        let bytes = Array(path.utf8)
        guard bytes.count <= maximumPathLength else { throw PathTooLong(path: path) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        return address
    }

    /// Creates a listening socket at `path` with mode 0600, removing a stale socket (and only a
    /// socket) that is in the way. The socket is bound under a temporary name and renamed into
    /// place once it listens, so "the socket file exists" means "connections are accepted"
    /// (readiness, for the supervisor and for clients).
    public static func listen(path: String, backlog: Int32 = 128) throws -> Int32 {
        _ = try address(path)
        let temporaryPath = path + "~"
        var address = try address(temporaryPath)
        for candidate in [path, temporaryPath] {
            var info = stat()
            if lstat(candidate, &info) == 0 {
                guard (info.st_mode & S_IFMT) == S_IFSOCK else {
                    throw SystemError(call: "listen(\(candidate)): exists and is not a socket; refusing to remove", errno: EEXIST)
                }
                unlink(candidate)
            }
        }
        let fd = try syscallChecked("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0) }
        do {
            let oldMask = umask(0o177)
            defer { umask(oldMask) }
            _ = try withUnsafePointer(to: &address) { pointer in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                    try syscallChecked("bind(\(temporaryPath))") { bind(fd, sa, socklen_t(MemoryLayout<sockaddr_un>.size)) }
                }
            }
            chmod(temporaryPath, 0o600)
            try syscallChecked("listen") { Glibc.listen(fd, backlog) }
            try makeNonBlocking(fd)
            try syscallChecked("rename(\(temporaryPath), \(path))") { rename(temporaryPath, path) }
        } catch {
            close(fd)
            unlink(temporaryPath)
            throw error
        }
        return fd
    }

    /// Connects to the socket at `path` (Unix-domain connects complete at once or fail at once).
    public static func connect(path: String) throws -> Int32 {
        var address = try address(path)
        let fd = try syscallChecked("socket") { socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0) }
        do {
            _ = try withUnsafePointer(to: &address) { pointer in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                    try syscallChecked("connect(\(path))") {
                        Glibc.connect(fd, sa, socklen_t(MemoryLayout<sockaddr_un>.size))
                    }
                }
            }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// The uid of the process at the other end of a Unix-domain connection (SO_PEERCRED).
    public static func peerUID(_ fd: Int32) throws -> uid_t {
        var uid: uid_t = 0
        try syscallChecked("getsockopt(SO_PEERCRED)") { csystem_peer_uid(fd, &uid) }
        return uid
    }
}

/// Accepts connections on a non-blocking listening descriptor through the `EventLoop`.
public final class SocketAcceptor: @unchecked Sendable {
    private let fd: Int32
    private let lock = NSLock()
    private var isReady = true
    private var waiter: CheckedContinuation<Void, Never>?
    private var isClosed = false
    private var registration: EventLoop.Registration?

    /// Takes ownership of a listening descriptor.
    public init(listeningFD: Int32) throws {
        fd = listeningFD
        try makeNonBlocking(fd)
        registration = try EventLoop.shared.register(fd) { [weak self] events in
            guard let self else { return }
            self.lock.lock()
            self.isReady = true
            let waiter = self.waiter
            self.waiter = nil
            self.lock.unlock()
            waiter?.resume()
        }
    }

    deinit { close() }

    /// The next accepted connection's descriptor; throws once closed.
    public func accept() async throws -> Int32 {
        while true {
            let closed = lock.withLock {
                isReady = false
                return isClosed
            }
            if closed { throw CancellationError() }
            switch try syscall("accept", { Glibc.accept(fd, nil, nil) }) {
            case .processed(let client): return client
            case .wouldBlock:
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    lock.lock()
                    if isReady || isClosed {
                        lock.unlock(); continuation.resume()
                    } else {
                        waiter = continuation
                        lock.unlock()
                    }
                }
            }
        }
    }

    /// Stops accepting; a pending `accept()` throws `CancellationError`.
    public func close() {
        lock.lock()
        if isClosed { lock.unlock(); return }
        isClosed = true
        let waiter = self.waiter
        self.waiter = nil
        let registration = self.registration
        self.registration = nil
        lock.unlock()
        if let registration { EventLoop.shared.deregister(registration) }
        Glibc.close(fd)
        waiter?.resume()
    }
}
