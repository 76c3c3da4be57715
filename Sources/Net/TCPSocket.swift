import Dispatch
import Foundation
import System
#if canImport(Glibc)
import Glibc
#endif

/// TCP plumbing: listening, non-blocking connect with a timeout, and name resolution.
public enum TCPSocket {
    /// Listens on `host` (a numeric address or `localhost`) and `port` (0 = an ephemeral port,
    /// reported by `TCPListener.port`). Synchronous: it never resolves names over the network.
    public static func listen(host: String = "127.0.0.1", port: UInt16, backlog: Int32 = 128) throws -> TCPListener {
        let numeric = host == "localhost" ? "127.0.0.1" : host
        guard let address = try numericAddresses(numeric, port: port, passive: true).first else {
            throw NetError.resolution(host: host, detail: "listen needs a numeric address")
        }
        let fd = try syscallChecked("socket") { socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        do {
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            _ = try address.withSockaddr { sa, length in
                try syscallChecked("bind(\(host):\(port))") { bind(fd, sa, length) }
            }
            try syscallChecked("listen") { Glibc.listen(fd, backlog) }
            return try TCPListener(fd: fd, port: boundPort(fd))
        } catch {
            Glibc.close(fd)
            throw error
        }
    }

    /// Connects to `host:port` without blocking: resolves the name (off the cooperative pool unless it
    /// is numeric), tries each address in turn (EINPROGRESS, writability, SO_ERROR) and sets TCP_NODELAY.
    /// - Throws: `NetError` on timeout or resolution failure, `SystemError` when every address refused.
    public static func connect(host: String, port: UInt16, timeout: Duration = .seconds(10)) async throws -> StreamChannel {
        let start = ContinuousClock.now
        let addresses = try await resolve(host, port: port)
        var lastError: Error = NetError.resolution(host: host, detail: "no addresses")
        for address in addresses {
            let remaining = timeout - (ContinuousClock.now - start)
            guard remaining > .zero else { throw NetError.timedOut("connect to \(host):\(port)") }
            do {
                return try await connect(to: address, timeout: remaining, description: "\(host):\(port)")
            } catch let error as NetError where error.isTimeout {
                throw error
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private static func connect(to address: SocketAddress, timeout: Duration, description: String) async throws -> StreamChannel {
        let fd = try syscallChecked("socket") {
            socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        }
        setNoDelay(fd)
        var result: Int32 = 0
        var code: Int32 = 0
        repeat {
            result = address.withSockaddr { sa, length in Glibc.connect(fd, sa, length) }
            code = errno
        } while result < 0 && code == EINTR
        if result < 0 && code != EINPROGRESS {
            Glibc.close(fd)
            throw SystemError(call: "connect(\(description))", errno: code)
        }
        let channel: StreamChannel
        do { channel = try StreamChannel(fd: fd) } catch { Glibc.close(fd); throw error }
        if result == 0 { return channel }
        try await withDeadline(timeout, "connect to \(description)", onExpiry: { channel.close() }) {
            await channel.waitForWritable()
        }
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length)
        guard socketError == 0 else {
            channel.close()
            throw SystemError(call: "connect(\(description))", errno: socketError)
        }
        return channel
    }

    /// Disables Nagle's algorithm: KIS messages are small and latency matters more than packets.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Resolves `host`: numeric addresses at once, names with getaddrinfo on a Dispatch queue
    /// (it blocks, so it must not run on the cooperative pool).
    static func resolve(_ host: String, port: UInt16) async throws -> [SocketAddress] {
        let numeric = try numericAddresses(host, port: port, passive: false)
        if !numeric.isEmpty { return numeric }
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try lookUp(host, port: port, flags: AI_ADDRCONFIG) })
            }
        }
    }

    static func numericAddresses(_ host: String, port: UInt16, passive: Bool) throws -> [SocketAddress] {
        // AI_NUMERICHOST never touches the network; EAI_NONAME then just means "a name".
        try lookUp(host, port: port, flags: AI_NUMERICHOST | (passive ? AI_PASSIVE : 0), nameIsEmpty: true)
    }

    private static func lookUp(_ host: String, port: UInt16, flags: Int32, nameIsEmpty: Bool = false) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = flags | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        if status == EAI_NONAME, nameIsEmpty { return [] }
        guard status == 0 else {
            throw NetError.resolution(host: host, detail: "\(String(cString: gai_strerror(status))) (\(status))")
        }
        defer { freeaddrinfo(list) }
        var addresses: [SocketAddress] = []
        var cursor = list
        while let entry = cursor?.pointee {
            if let sa = entry.ai_addr {
                let raw = UnsafeRawBufferPointer(start: sa, count: Int(entry.ai_addrlen))
                addresses.append(SocketAddress(family: entry.ai_family, bytes: Array(raw)))
            }
            cursor = entry.ai_next
        }
        return addresses
    }

    private static func boundPort(_ fd: Int32) throws -> UInt16 {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try withUnsafeMutablePointer(to: &storage) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                try syscallChecked("getsockname") { getsockname(fd, sa, &length) }
            }
        }
        return withUnsafeBytes(of: &storage) { raw in
            // sin_port and sin6_port sit at the same offset, in network byte order.
            UInt16(raw[2]) << 8 | UInt16(raw[3])
        }
    }
}

/// A resolved socket address (a `sockaddr_in` or `sockaddr_in6` as bytes).
struct SocketAddress: Sendable {
    let family: Int32
    let bytes: [UInt8]

    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws -> R) rethrows -> R {
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { $0.copyBytes(from: bytes) }
        return try withUnsafePointer(to: &storage) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { try body($0, socklen_t(bytes.count)) }
        }
    }
}

/// A listening TCP socket whose accepted connections arrive as `StreamChannel`s.
public final class TCPListener: Sendable {
    /// The bound port (the kernel's choice when 0 was asked for).
    public let port: UInt16
    private let acceptor: SocketAcceptor

    init(fd: Int32, port: UInt16) throws {
        self.port = port
        acceptor = try SocketAcceptor(listeningFD: fd)
    }

    /// The next connection, with TCP_NODELAY set; throws `CancellationError` once closed.
    public func accept() async throws -> StreamChannel {
        let fd = try await acceptor.accept()
        TCPSocket.setNoDelay(fd)
        do { return try StreamChannel(fd: fd) } catch { Glibc.close(fd); throw error }
    }

    /// Stops listening.
    public func close() { acceptor.close() }
}
