import COpenSSL
import Foundation

/// AES-256-CBC with PKCS#7 padding over base64 text: how KIS encrypts `H0STCNI0`/`H0STCNI9`
/// payloads with the `key` (32 ASCII bytes) and `iv` (16 ASCII bytes) from the subscribe ack.
///
/// Every OpenSSL call for the cipher lives in this file.
public struct NoticeCipher: Sendable, Equatable {
    /// The 32-byte AES-256 key.
    public let key: [UInt8]
    /// The 16-byte initialisation vector.
    public let iv: [UInt8]

    /// Creates a cipher from the ack's `output.key` and `output.iv` strings.
    public init(key: String, iv: String) throws(KISError) {
        try self.init(key: Array(key.utf8), iv: Array(iv.utf8))
    }

    /// Creates a cipher from raw key and iv bytes; throws unless they are 32 and 16 bytes.
    public init(key: [UInt8], iv: [UInt8]) throws(KISError) {
        guard key.count == 32 else { throw .cipher("key must be 32 bytes, got \(key.count)") }
        guard iv.count == 16 else { throw .cipher("iv must be 16 bytes, got \(iv.count)") }
        self.key = key
        self.iv = iv
    }

    /// Decrypts a base64 payload to its plaintext (UTF-8, invalid bytes repaired).
    public func decrypt(base64 payload: String) throws(KISError) -> String {
        String(decoding: try decryptBytes(base64: payload), as: UTF8.self)
    }

    /// Decrypts a base64 payload to raw plaintext bytes.
    public func decryptBytes(base64 payload: String) throws(KISError) -> [UInt8] {
        guard let data = Data(base64Encoded: payload, options: .ignoreUnknownCharacters) else {
            throw .cipher("payload is not base64")
        }
        guard !data.isEmpty, data.count % 16 == 0 else {
            throw .cipher("ciphertext length \(data.count) is not a positive multiple of 16")
        }
        return try run(Array(data), encrypting: false)
    }

    /// Encrypts plaintext and returns it base64-encoded, as the simulator sends it.
    public func encrypt(_ plaintext: String) throws(KISError) -> String {
        try encrypt(bytes: Array(plaintext.utf8))
    }

    /// Encrypts raw bytes and returns them base64-encoded.
    public func encrypt(bytes plaintext: [UInt8]) throws(KISError) -> String {
        Data(try run(plaintext, encrypting: true)).base64EncodedString()
    }

    /// One EVP pass (init, update, final) in either direction.
    private func run(_ input: [UInt8], encrypting: Bool) throws(KISError) -> [UInt8] {
        guard input.count < Int(Int32.max) - 32 else { throw .cipher("input too large") }
        guard let context = EVP_CIPHER_CTX_new() else { throw .cipher("EVP_CIPHER_CTX_new failed") }
        defer { EVP_CIPHER_CTX_free(context) }
        let operation: Int32 = encrypting ? 1 : 0
        guard EVP_CipherInit_ex(context, EVP_aes_256_cbc(), nil, key, iv, operation) == 1 else {
            throw .cipher("EVP_CipherInit_ex failed")
        }
        // Room for one extra block of padding on encryption.
        var output = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0
        var finalWritten: Int32 = 0
        let ok = output.withUnsafeMutableBufferPointer { out -> Bool in
            guard let base = out.baseAddress else { return false }
            guard EVP_CipherUpdate(context, base, &written, input, Int32(input.count)) == 1 else { return false }
            return EVP_CipherFinal_ex(context, base + Int(written), &finalWritten) == 1
        }
        guard ok else {
            throw .cipher(encrypting ? "encryption failed" : "decryption failed (wrong key/iv or bad padding)")
        }
        output.removeSubrange(Int(written + finalWritten)...)
        return output
    }
}
