import COpenSSL
import Foundation
import System

/// An OpenSSL `SSL_CTX` built once from a `TLSConfiguration` and shared by many connections.
public final class TLSContext: @unchecked Sendable {
    let context: OpaquePointer
    /// Whether connections made from this context are the server side.
    public let isServer: Bool
    let verifiesPeer: Bool

    /// Loads CAs (client) or certificate and key (server); throws with OpenSSL's reason.
    public init(configuration: TLSConfiguration, isServer: Bool = false) throws {
        guard let context = SSL_CTX_new(isServer ? TLS_server_method() : TLS_client_method()) else {
            throw NetError.tls("SSL_CTX_new: \(TLSStream.openSSLErrors())")
        }
        self.context = context
        self.isServer = isServer
        verifiesPeer = !isServer && configuration.verifiesPeer
        _ = kis41_SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION)
        if isServer {
            guard let chain = configuration.certificateChainFile, let key = configuration.privateKeyFile else {
                throw NetError.tls("a server needs a certificate chain and a private key")
            }
            guard SSL_CTX_use_certificate_chain_file(context, chain) == 1,
                  SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1,
                  SSL_CTX_check_private_key(context) == 1 else {
                throw NetError.tls("loading \(chain) / \(key): \(TLSStream.openSSLErrors())")
            }
        } else if verifiesPeer {
            let loaded = configuration.trustedCertificatesFile.map { SSL_CTX_load_verify_locations(context, $0, nil) }
                ?? SSL_CTX_set_default_verify_paths(context)
            guard loaded == 1 else { throw NetError.tls("loading trusted certificates: \(TLSStream.openSSLErrors())") }
            SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        }
    }

    deinit { SSL_CTX_free(context) }
}

/// TLS over a `StreamChannel` through memory BIOs: OpenSSL never touches the socket.
///
/// Ciphertext is pumped between the BIOs and the channel; `SSL_ERROR_WANT_READ` means "read more
/// from the channel" and never blocks a thread. Every OpenSSL call runs under one lock, so a reader
/// and writers may work concurrently on one connection.
public final class TLSStream: ByteStream, @unchecked Sendable {
    private let channel: StreamChannel
    private let ssl: OpaquePointer
    private let inbound: OpaquePointer   // network → SSL
    private let outbound: OpaquePointer  // SSL → network
    private let lock = NSLock()
    private var scratch = [UInt8](repeating: 0, count: 16_384)
    private let highWaterMark = 4 << 20

    private init(channel: StreamChannel, context: TLSContext) throws {
        guard let ssl = SSL_new(context.context), let inbound = BIO_new(BIO_s_mem()), let outbound = BIO_new(BIO_s_mem()) else {
            throw NetError.tls("SSL_new: \(Self.openSSLErrors())")
        }
        SSL_set_bio(ssl, inbound, outbound)
        self.channel = channel
        self.ssl = ssl
        self.inbound = inbound
        self.outbound = outbound
    }

    deinit { SSL_free(ssl) }

    /// Runs the client handshake: SNI and host-name verification for `serverName` (IP addresses are
    /// checked against the certificate's IP entries and sent without SNI).
    public static func connect(over channel: StreamChannel, context: TLSContext, serverName: String?) async throws -> TLSStream {
        let stream = try TLSStream(channel: channel, context: context)
        if let serverName {
            let isIPAddress = serverName.contains(":") || serverName.allSatisfy { $0.isNumber || $0 == "." }
            if !isIPAddress { _ = kis41_SSL_set_tlsext_host_name(stream.ssl, serverName) }
            if context.verifiesPeer {
                let ok = isIPAddress ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream.ssl), serverName)
                                     : SSL_set1_host(stream.ssl, serverName)
                guard ok == 1 else { throw NetError.tls("cannot check host name \(serverName)") }
            }
        }
        SSL_set_connect_state(stream.ssl)
        try await stream.handshake()
        return stream
    }

    /// Runs the server handshake on an accepted connection.
    public static func accept(over channel: StreamChannel, context: TLSContext) async throws -> TLSStream {
        let stream = try TLSStream(channel: channel, context: context)
        SSL_set_accept_state(stream.ssl)
        try await stream.handshake()
        return stream
    }

    private func handshake() async throws {
        while true {
            let (result, error, output, reason) = lock.withLock { () -> (Int32, Int32, [UInt8], String) in
                ERR_clear_error()
                let result = SSL_do_handshake(ssl)
                let error = result == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl, result)
                var reason = ""
                if result != 1, error != SSL_ERROR_WANT_READ {
                    let verify = SSL_get_verify_result(ssl)
                    reason = verify != X509_V_OK ? "certificate verify failed: " + String(cString: X509_verify_cert_error_string(Int(verify)))
                                                 : Self.openSSLErrors()
                }
                return (result, error, drainOutbound(), reason)
            }
            if !output.isEmpty { try channel.write(output) }
            if result == 1 { return }
            guard error == SSL_ERROR_WANT_READ else {
                channel.close()
                throw NetError.tls("handshake failed: \(reason)")
            }
            let bytes = try await channel.read()
            guard !bytes.isEmpty else { throw NetError.tls("connection closed during the handshake") }
            feed(bytes)
        }
    }

    public func read() async throws -> [UInt8] {
        while true {
            let (plaintext, error, output, reason) = lock.withLock { () -> ([UInt8], Int32, [UInt8], String) in
                ERR_clear_error()
                var plaintext: [UInt8] = []
                var error = SSL_ERROR_NONE
                while plaintext.count < 262_144 {
                    let count = scratch.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
                    if count > 0 { plaintext.append(contentsOf: scratch[0..<Int(count)]); continue }
                    error = SSL_get_error(ssl, count)
                    break
                }
                let reason = error == SSL_ERROR_SSL ? Self.openSSLErrors() : ""
                return (plaintext, error, drainOutbound(), reason)
            }
            if !output.isEmpty { try channel.write(output) }
            if !plaintext.isEmpty { return plaintext }
            switch error {
            case SSL_ERROR_WANT_READ:
                let bytes = try await channel.read()
                // End of stream without close_notify: reported as end of stream; HTTP and WebSocket
                // framing detect truncation themselves.
                if bytes.isEmpty { return [] }
                feed(bytes)
            case SSL_ERROR_ZERO_RETURN, SSL_ERROR_SYSCALL:
                return []
            default:
                throw NetError.tls("read failed: \(reason)")
            }
        }
    }

    public func write(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        let (result, output, reason) = lock.withLock { () -> (Int32, [UInt8], String) in
            ERR_clear_error()
            // With memory BIOs SSL_write takes everything at once (no partial writes).
            let result = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            return (result, drainOutbound(), result > 0 ? "" : Self.openSSLErrors())
        }
        if !output.isEmpty { try channel.write(output) }
        guard result > 0 else { throw NetError.tls("write failed: \(reason)") }
        try await channel.applyBackPressure(highWaterMark: highWaterMark)
    }

    public func flush() async throws {
        await channel.waitUntilDrained(below: 0)
        guard channel.isOpen else { throw NetError.connectionClosed }
    }

    /// Sends close_notify (best effort) and closes the channel.
    public func close() {
        let output = lock.withLock { () -> [UInt8] in
            _ = SSL_shutdown(ssl)
            return drainOutbound()
        }
        if !output.isEmpty { try? channel.write(output) }
        channel.close()
    }

    private func feed(_ bytes: [UInt8]) {
        lock.withLock {
            _ = bytes.withUnsafeBytes { BIO_write(inbound, $0.baseAddress, Int32($0.count)) }
        }
    }

    /// Ciphertext OpenSSL produced; caller holds the lock.
    private func drainOutbound() -> [UInt8] {
        var output: [UInt8] = []
        while BIO_ctrl_pending(outbound) > 0 {
            let count = scratch.withUnsafeMutableBytes { BIO_read(outbound, $0.baseAddress, Int32($0.count)) }
            guard count > 0 else { break }
            output.append(contentsOf: scratch[0..<Int(count)])
        }
        return output
    }

    /// The queued OpenSSL error strings of this thread, joined.
    static func openSSLErrors() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [UInt8](repeating: 0, count: 256)
            buffer.withUnsafeMutableBufferPointer { pointer in
                pointer.withMemoryRebound(to: CChar.self) { ERR_error_string_n(code, $0.baseAddress, $0.count) }
            }
            messages.append(String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self))
        }
        return messages.isEmpty ? "unknown error" : messages.joined(separator: "; ")
    }
}
