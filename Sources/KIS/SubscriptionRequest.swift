import IPC

/// What a subscription request asks for (`header.tr_type`).
public enum SubscriptionAction: String, Sendable, Equatable, Hashable, Codable {
    /// `"1"`: register.
    case subscribe = "1"
    /// `"2"`: unregister (some official docstrings say `"0"`; that is stale).
    case unsubscribe = "2"
}

/// A realtime (un)subscribe request, sent by the client as a JSON text frame (protocol.md §6.2):
///
/// ```json
/// {"header":{"approval_key":"…","custtype":"P","tr_type":"1","content-type":"utf-8"},
///  "body":{"input":{"tr_id":"H0STCNT0","tr_key":"005930"}}}
/// ```
public struct SubscriptionRequest: Sendable, Equatable, Hashable {
    /// The WebSocket approval key from `/oauth2/Approval`.
    public var approvalKey: String
    /// `P` personal or `B` corporate.
    public var customerType: String
    /// Subscribe or unsubscribe.
    public var action: SubscriptionAction
    /// Always the literal `utf-8`.
    public var contentType: String
    /// The realtime TR (`H0STCNT0`, …).
    public var trID: String
    /// The stock code, index code, or HTS ID (execution notices).
    public var trKey: String

    /// Creates a request.
    public init(approvalKey: String, action: SubscriptionAction, trID: String, trKey: String,
                customerType: String = "P", contentType: String = "utf-8") {
        self.approvalKey = approvalKey
        self.customerType = customerType
        self.action = action
        self.contentType = contentType
        self.trID = trID
        self.trKey = trKey
    }

    /// The compact JSON text, keys in the documented order.
    public var jsonText: String { jsonValue.compactText }

    var jsonValue: JSONNode {
        .object([
            ("header", .object([
                ("approval_key", .string(approvalKey)), ("custtype", .string(customerType)),
                ("tr_type", .string(action.rawValue)), ("content-type", .string(contentType)),
            ])),
            ("body", .object([("input", .object([("tr_id", .string(trID)), ("tr_key", .string(trKey))]))])),
        ])
    }
}

extension SubscriptionRequest: Codable {
    private struct Wire: Codable {
        struct Header: Codable {
            var approval_key: String
            var custtype: String
            var tr_type: String
            var content_type: String
            enum CodingKeys: String, CodingKey {
                case approval_key, custtype, tr_type, content_type = "content-type"
            }
        }
        struct Input: Codable { var tr_id: String; var tr_key: String }
        struct Body: Codable { var input: Input }
        var header: Header
        var body: Body
    }

    /// Decodes the wire JSON shape; `tr_type` must be `1` or `2`.
    public init(from decoder: any Decoder) throws {
        let wire = try Wire(from: decoder)
        guard let action = SubscriptionAction(rawValue: wire.header.tr_type) else {
            throw KISError.malformedJSON("tr_type \(wire.header.tr_type) is neither 1 nor 2")
        }
        self.init(approvalKey: wire.header.approval_key, action: action, trID: wire.body.input.tr_id,
                  trKey: wire.body.input.tr_key, customerType: wire.header.custtype,
                  contentType: wire.header.content_type)
    }

    /// Encodes the wire JSON shape.
    public func encode(to encoder: any Encoder) throws {
        try Wire(header: .init(approval_key: approvalKey, custtype: customerType, tr_type: action.rawValue,
                               content_type: contentType),
                 body: .init(input: .init(tr_id: trID, tr_key: trKey))).encode(to: encoder)
    }
}
