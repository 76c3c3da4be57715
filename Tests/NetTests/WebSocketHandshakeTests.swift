import Testing
@testable import Net

/// The RFC 6455 opening handshake, both sides.
@Suite struct WebSocketHandshakeTests {
    // RFC 6455 §1.3 prints the accept value as s3pPLMBiTxaQ9kYGzzhZRbK+xOo= (note "kYGzzhZ").
    @Test func acceptValue_matchesRFC6455Example() {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func sha1_matchesKnownDigestOfABC() {
        let hex = SHA1.digest(Array("abc".utf8)).map { String($0, radix: 16).leftPadded(2) }.joined()
        #expect(hex == "a9993e364706816aba3e25717850c26c9cd0d89d")
    }

    @Test func serverResponse_isAcceptedByClientValidation() throws {
        let key = WebSocketHandshake.makeClientKey()
        let request = WebSocketHandshake.makeUpgradeRequest(target: "/tryitout", host: "127.0.0.1:21000", key: key)
        #expect(WebSocketHandshake.isUpgradeRequest(request))
        let response = try WebSocketHandshake.makeUpgradeResponse(for: request)
        #expect(response.status == 101)
        try WebSocketHandshake.validateUpgradeResponse(response, key: key)
    }

    @Test func clientValidation_throws_forWrongAcceptValue() throws {
        let request = WebSocketHandshake.makeUpgradeRequest(target: "/", host: "h", key: WebSocketHandshake.makeClientKey())
        let response = try WebSocketHandshake.makeUpgradeResponse(for: request)
        #expect(throws: NetError.self) { try WebSocketHandshake.validateUpgradeResponse(response, key: "AAAAAAAAAAAAAAAAAAAAAA==") }
    }

    @Test func serverUpgrade_throws_forMissingKeyOrWrongVersion() {
        var request = WebSocketHandshake.makeUpgradeRequest(target: "/", host: "h", key: "short")
        #expect(throws: NetError.self) { try WebSocketHandshake.makeUpgradeResponse(for: request) }
        request.headers["Sec-WebSocket-Key"] = WebSocketHandshake.makeClientKey()
        request.headers["Sec-WebSocket-Version"] = "8"
        #expect(throws: NetError.self) { try WebSocketHandshake.makeUpgradeResponse(for: request) }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
