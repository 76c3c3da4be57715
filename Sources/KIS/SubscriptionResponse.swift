import IPC

/// The server's answer to a (un)subscribe request, or a session-level error (protocol.md §6.3):
///
/// ```json
/// {"header":{"tr_id":"H0STCNT0","tr_key":"005930","encrypt":"N"},
///  "body":{"rt_cd":"0","msg_cd":"OPSP0000","msg1":"SUBSCRIBE SUCCESS",
///          "output":{"iv":"0123456789abcdef","key":"abcdefghijklmnopabcdefghijklmnop"}}}
/// ```
/// The header may be missing (reports that printed the body only), `encrypt` may be missing
/// (OPSP0002/0008 captures), and OPSP8996 has header `tr_id` `(null)` and `rt_cd` `9`.
public struct SubscriptionResponse: Sendable, Equatable, Hashable, Codable {
    /// The response header.
    public struct Header: Sendable, Equatable, Hashable, Codable {
        /// Echoed TR id (`(null)` for OPSP8996).
        public var trID: String
        /// Echoed key (empty for OPSP8996).
        public var trKey: String
        /// `N`/`Y`; do not decide encryption from it (the data frame flag is authoritative).
        public var encrypt: String?

        /// Creates a header.
        public init(trID: String, trKey: String, encrypt: String? = "N") {
            self.trID = trID; self.trKey = trKey; self.encrypt = encrypt
        }

        enum CodingKeys: String, CodingKey { case trID = "tr_id", trKey = "tr_key", encrypt }
    }

    /// The AES key material sent with every successful subscribe.
    public struct Output: Sendable, Equatable, Hashable, Codable {
        /// 16 ASCII characters.
        public var iv: String
        /// 32 ASCII characters.
        public var key: String

        /// Creates key material.
        public init(iv: String, key: String) { self.iv = iv; self.key = key }
    }

    /// The header, when present.
    public var header: Header?
    /// `"0"` success; `"1"` or `"9"` failure.
    public var rtCode: String
    /// `OPSP0000`, `OPSP0002`, …
    public var messageCode: String
    /// `SUBSCRIBE SUCCESS`, `MAX SUBSCRIBE OVER`, …
    public var message: String
    /// Key material (OPSP0000).
    public var output: Output?

    /// Creates a response.
    public init(header: Header?, rtCode: String, messageCode: String, message: String, output: Output? = nil) {
        self.header = header; self.rtCode = rtCode; self.messageCode = messageCode
        self.message = message; self.output = output
    }

    /// A subscribe success (OPSP0000) with key material.
    public static func subscribed(trID: String, trKey: String, iv: String, key: String) -> SubscriptionResponse {
        SubscriptionResponse(header: Header(trID: trID, trKey: trKey), rtCode: "0", messageCode: "OPSP0000",
                             message: "SUBSCRIBE SUCCESS", output: Output(iv: iv, key: key))
    }

    /// An unsubscribe success (OPSP0001; `rt_cd` "0" and the absence of `output` are UNCERTAIN).
    public static func unsubscribed(trID: String, trKey: String) -> SubscriptionResponse {
        SubscriptionResponse(header: Header(trID: trID, trKey: trKey), rtCode: "0", messageCode: "OPSP0001",
                             message: "UNSUBSCRIBE SUCCESS")
    }

    /// An error answer with the catalogue's message: OPSP0002/0003/0008 carry the request's
    /// header without `encrypt`; OPSP8996 uses `(null)`, an empty key, `encrypt` N and `rt_cd` 9.
    public static func failure(code: String, trID: String, trKey: String, message: String? = nil) -> SubscriptionResponse {
        let text = message ?? KISErrorCatalog.entry(for: code)?.message ?? code
        if code == "OPSP8996" {
            return SubscriptionResponse(header: Header(trID: "(null)", trKey: "", encrypt: "N"), rtCode: "9",
                                        messageCode: code, message: text)
        }
        return SubscriptionResponse(header: Header(trID: trID, trKey: trKey, encrypt: nil), rtCode: "1",
                                    messageCode: code, message: text)
    }

    /// Whether the request succeeded (`rt_cd` "0").
    public var isSuccess: Bool { rtCode == "0" }

    /// The error, or `nil` on success.
    public var error: KISError? {
        isSuccess ? nil : .server(code: messageCode, message: message)
    }

    /// The compact JSON text, keys in the captured order; absent parts are left out.
    public var jsonText: String {
        var body: [(key: String, value: JSONNode)] = [
            ("rt_cd", .string(rtCode)), ("msg_cd", .string(messageCode)), ("msg1", .string(message)),
        ]
        if let output { body.append(("output", .object([("iv", .string(output.iv)), ("key", .string(output.key))]))) }
        var members: [(key: String, value: JSONNode)] = []
        if let header {
            var fields: [(key: String, value: JSONNode)] = [("tr_id", .string(header.trID)), ("tr_key", .string(header.trKey))]
            if let encrypt = header.encrypt { fields.append(("encrypt", .string(encrypt))) }
            members.append(("header", .object(fields)))
        }
        members.append(("body", .object(body)))
        return JSONNode.object(members).compactText
    }

    private struct Body: Codable {
        var rt_cd: String
        var msg_cd: String
        var msg1: String
        var output: Output?
    }

    private enum CodingKeys: String, CodingKey { case header, body }

    /// Decodes the wire shape (`header` optional, `body` required).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        header = try container.decodeIfPresent(Header.self, forKey: .header)
        let body = try container.decode(Body.self, forKey: .body)
        rtCode = body.rt_cd; messageCode = body.msg_cd; message = body.msg1; output = body.output
    }

    /// Encodes the wire shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(header, forKey: .header)
        try container.encode(Body(rt_cd: rtCode, msg_cd: messageCode, msg1: message, output: output), forKey: .body)
    }
}
