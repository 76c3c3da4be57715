extension DataFrameParser {
    /// Parses a frame and, if its flag says encrypted, decrypts the payload with `cipher` (the key
    /// material from that TR's subscribe ack) and decodes the plaintext records.
    ///
    /// Without a cipher an encrypted frame comes back undecoded, as from `parse(_:)`.
    /// A decryption failure counts every declared record as malformed rather than throwing.
    public func parse(_ text: String, decryptingWith cipher: NoticeCipher?) throws(KISError) -> ParsedFrame {
        let frame = try parse(text)
        guard frame.isEncrypted, let cipher, let payload = frame.encryptedPayload else { return frame }
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
}
