import Foundation

/// The HTTP/1.1 upgrade handshake of RFC 6455 §4, for both sides, as pure functions.
public enum WebSocketHandshake {
    /// The GUID appended to the client key before hashing (RFC 6455 §1.3).
    static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// A fresh `Sec-WebSocket-Key`: 16 random bytes, base64.
    public static func makeClientKey() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
    }

    /// `Sec-WebSocket-Accept` for a key: base64(SHA-1(key + GUID)).
    public static func acceptValue(forKey key: String) -> String {
        Data(SHA1.digest(Array((key + guid).utf8))).base64EncodedString()
    }

    /// The client's upgrade request for `target` on `host` (host[:port]), with extra headers.
    public static func makeUpgradeRequest(target: String, host: String, key: String, headers: HTTPHeaders = [:]) -> HTTPRequest {
        var all: HTTPHeaders = [
            "Host": host, "Upgrade": "websocket", "Connection": "Upgrade",
            "Sec-WebSocket-Key": key, "Sec-WebSocket-Version": "13",
        ]
        for (name, value) in headers { all.add(name: name, value: value) }
        return HTTPRequest(method: "GET", target: target, headers: all)
    }

    /// Checks the server's answer: status 101, the upgrade headers and the accept value.
    public static func validateUpgradeResponse(_ response: HTTPResponse, key: String) throws {
        guard response.status == 101 else {
            throw NetError.handshakeFailed("status \(response.status) \(response.reason): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
        guard response.headers.contains("Upgrade", token: "websocket") else { throw NetError.handshakeFailed("no Upgrade: websocket") }
        guard response.headers.contains("Connection", token: "upgrade") else { throw NetError.handshakeFailed("no Connection: Upgrade") }
        guard response.headers["Sec-WebSocket-Accept"] == acceptValue(forKey: key) else {
            throw NetError.handshakeFailed("wrong Sec-WebSocket-Accept")
        }
    }

    /// Whether `request` asks to upgrade to WebSocket (GET with Upgrade/Connection headers).
    public static func isUpgradeRequest(_ request: HTTPRequest) -> Bool {
        request.method == "GET" && request.headers.contains("Upgrade", token: "websocket")
            && request.headers.contains("Connection", token: "upgrade")
    }

    /// The server's 101 response to a valid upgrade request; throws for a bad key or version.
    public static func makeUpgradeResponse(for request: HTTPRequest) throws -> HTTPResponse {
        guard isUpgradeRequest(request) else { throw NetError.handshakeFailed("not an upgrade request") }
        guard request.headers["Sec-WebSocket-Version"] == "13" else { throw NetError.handshakeFailed("unsupported version") }
        guard let key = request.headers["Sec-WebSocket-Key"],
              let decoded = Data(base64Encoded: key), decoded.count == 16 else {
            throw NetError.handshakeFailed("missing or malformed Sec-WebSocket-Key")
        }
        return HTTPResponse(status: 101, reason: "Switching Protocols", headers: [
            "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Accept": acceptValue(forKey: key),
        ])
    }
}
