import COpenSSL

/// SHA-1 through OpenSSL, for the WebSocket handshake only (RFC 6455 §4.2.2); not for security.
enum SHA1 {
    /// The 20-byte SHA-1 digest of `bytes`.
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                _ = COpenSSL.SHA1(input.baseAddress, input.count, output.baseAddress)
            }
        }
        return digest
    }
}
