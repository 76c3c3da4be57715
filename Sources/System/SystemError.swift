#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed system call: the call's name and `errno`, described with the `strerror` text.
public struct SystemError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The name of the call that failed, e.g. `"connect"`.
    public let call: String
    /// The `errno` value the call left.
    public let errno: Int32

    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    public var description: String {
        "\(call): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// The outcome of a non-blocking call: done with a value, or it would have blocked.
public enum IOResult<Value: Sendable>: Sendable {
    case processed(Value)
    case wouldBlock
}

/// The one syscall helper: retries `EINTR`, returns would-block as a value, throws anything else.
@inline(__always)
public func syscall<T: FixedWidthInteger & Sendable>(_ name: String, _ body: () -> T) throws -> IOResult<T> {
    while true {
        let result = body()
        if result >= 0 { return .processed(result) }
        let code = Glibc.errno
        if code == EINTR { continue }
        if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
        throw SystemError(call: name, errno: code)
    }
}

/// Like `syscall(_:_:)` for calls that must not block (would-block is an error here).
@discardableResult @inline(__always)
public func syscallChecked<T: FixedWidthInteger & Sendable>(_ name: String, _ body: () -> T) throws -> T {
    switch try syscall(name, body) {
    case .processed(let value): return value
    case .wouldBlock: throw SystemError(call: name, errno: EAGAIN)
    }
}

/// Writes every byte of `bytes` to a blocking descriptor: retries `EINTR` and short writes, throws
/// the first other failure (`EPIPE` once the reader has gone, `EAGAIN` on a non-blocking one).
public func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) throws {
    var offset = 0
    while offset < bytes.count {
        offset += try syscallChecked("write") { Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset) }
    }
}

/// ``writeAll(_:_:)-(_,UnsafeRawBufferPointer)`` for an array of bytes.
public func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try writeAll(fd, $0) }
}

/// Puts a file descriptor in non-blocking, close-on-exec mode.
public func makeNonBlocking(_ fd: Int32) throws {
    let flags = try syscallChecked("fcntl") { fcntl(fd, F_GETFL) }
    try syscallChecked("fcntl") { fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
    let fdFlags = try syscallChecked("fcntl") { fcntl(fd, F_GETFD) }
    try syscallChecked("fcntl") { fcntl(fd, F_SETFD, fdFlags | FD_CLOEXEC) }
}
