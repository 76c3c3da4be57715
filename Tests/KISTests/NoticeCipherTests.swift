import Foundation
import Testing
@testable import KIS

@Suite struct NoticeCipherTests {
    /// Key material from the captured H0STASP0 subscribe ack.
    func capturedCipher() throws -> NoticeCipher {
        let response = try JSONDecoder().decode(
            SubscriptionResponse.self, from: try Fixture.data("ws_subscribe_response_H0STASP0_real_thirdparty_test.json"))
        let output = try #require(response.output)
        return try NoticeCipher(key: output.key, iv: output.iv)
    }

    @Test func encryptThenDecrypt_returnsPlaintext_forKoreanAndEmptyText() throws {
        let cipher = try capturedCipher()
        for text in ["", "a", "0123456789abcdef", try Fixture.line("h0stcni0_decrypted_accept_doc.txt")] {
            let encrypted = try cipher.encrypt(text)
            #expect(Data(base64Encoded: encrypted)?.count.isMultiple(of: 16) == true)
            #expect(try cipher.decrypt(base64: encrypted) == text)
        }
    }

    @Test func encrypt_matchesKnownCiphertext_forAES256CBCPKCS7() throws {
        // Reference: `printf 'HTS ID^1' | openssl enc -aes-256-cbc -K <hex key> -iv <hex iv> -base64`.
        let cipher = try NoticeCipher(key: "abcdefghijklmnopabcdefghijklmnop", iv: "0123456789abcdef")
        #expect(try cipher.encrypt("HTS ID^1") == referenceCiphertext)
    }

    @Test func init_throws_forWrongKeyOrIVLength() {
        #expect(throws: KISError.self) { try NoticeCipher(key: "short", iv: "0123456789abcdef") }
        #expect(throws: KISError.self) { try NoticeCipher(key: "abcdefghijklmnopabcdefghijklmnop", iv: "short") }
    }

    @Test func decrypt_throws_forBadBase64WrongKeyAndTruncatedData() throws {
        let cipher = try capturedCipher()
        let other = try NoticeCipher(key: "abcdefghijklmnopabcdefghijklmnop", iv: "0123456789abcdef")
        let encrypted = try cipher.encrypt("HTS ID^1234567801^0000002891")
        #expect(throws: KISError.self) { try cipher.decrypt(base64: "abc123==") }  // the fixture's fake shape
        #expect(throws: KISError.self) { try cipher.decrypt(base64: "") }
        #expect(throws: KISError.self) { try cipher.decrypt(base64: String(encrypted.dropLast(4))) }
        let wrong = Result { () throws(KISError) in try other.decrypt(base64: encrypted) }
        if case .success(let text) = wrong { #expect(text != "HTS ID^1234567801^0000002891") }
    }
}

/// `HTS ID^1` under key `abcdefghijklmnopabcdefghijklmnop`, iv `0123456789abcdef` (openssl CLI).
private let referenceCiphertext = "G9wuiBQu1OQTLFZrerlvyw=="
