extension DataFrameParser {
    /// The one notice decryption: decrypts an encrypted frame's payload with `cipher` (the key
    /// material from that TR's subscribe ack) and decodes the plaintext records. A frame that is
    /// not encrypted comes back as it is.
    ///
    /// A decryption failure counts every declared record as malformed rather than throwing.
    public func decrypting(_ frame: ParsedFrame, with cipher: NoticeCipher) -> ParsedFrame {
        guard frame.isEncrypted, let payload = frame.encryptedPayload else { return frame }
        do throws(KISError) {
            let plaintext = try cipher.decrypt(base64: payload)
            var decoded = parsePayload(trID: frame.trID, count: frame.declaredCount, payload: plaintext)
            decoded.isEncrypted = true
            return decoded
        } catch {
            return ParsedFrame(trID: frame.trID, isEncrypted: true, declaredCount: frame.declaredCount, records: [],
                               malformedCount: frame.declaredCount, firstError: error, encryptedPayload: payload)
        }
    }

    /// Parses a frame and, if its flag says encrypted, decrypts it with `cipher` (``decrypting(_:with:)``).
    ///
    /// Without a cipher an encrypted frame comes back undecoded, as from `parse(_:)`.
    public func parse(_ text: String, decryptingWith cipher: NoticeCipher?) throws(KISError) -> ParsedFrame {
        let frame = try parse(text)
        guard let cipher else { return frame }
        return decrypting(frame, with: cipher)
    }
}
