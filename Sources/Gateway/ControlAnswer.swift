import KIS

/// What a KIS control answer means for the gateway, decided by `msg_cd` (protocol.md §6.3).
///
/// The key is `nil` when the answer does not name one: body-only answers, and OPSP8996 whose
/// header is `{"tr_id":"(null)","tr_key":""}`.
public enum ControlAnswer: Sendable, Equatable {
    /// OPSP0000 `SUBSCRIBE SUCCESS`, with the AES key material every success carries.
    case subscribed(SlotKey?, keyMaterial: SubscriptionResponse.Output?)
    /// OPSP0002 `ALREADY IN SUBSCRIBE`: the server holds it, so do we (as pykis).
    case alreadySubscribed(SlotKey?)
    /// OPSP0001 `UNSUBSCRIBE SUCCESS` (or any `rt_cd` 0 whose `msg1` starts with `UNSUB`, as the official code checks).
    case unsubscribed(SlotKey?)
    /// OPSP0003 `UNSUBSCRIBE ERROR(not found!)`: the server does not hold it; neither do we now.
    case unsubscribeNotFound(SlotKey?)
    /// OPSP0008 `MAX SUBSCRIBE OVER`: the server's cap was reached.
    case slotsExceeded(SlotKey?)
    /// OPSP0011 `invalid approval`: the approval key is bad or expired; the session needs a new one.
    case invalidApproval(SlotKey?)
    /// OPSP8996 `ALREADY IN USE appkey`: another (possibly lingering) session holds the appkey.
    case appKeyInUse
    /// Any other failure (OPSP0007/0009/8991…): the request is refused with this `msg_cd`.
    case refused(SlotKey?, code: String)

    /// Classifies a decoded subscription response.
    public init(_ response: SubscriptionResponse) {
        var key: SlotKey?
        if let header = response.header, header.trID != "(null)", !header.trID.isEmpty, !header.trKey.isEmpty {
            key = SlotKey(trID: header.trID, trKey: header.trKey)
        }
        switch response.messageCode {
        case "OPSP0000": self = .subscribed(key, keyMaterial: response.output)
        case "OPSP0001": self = .unsubscribed(key)
        case "OPSP0002": self = .alreadySubscribed(key)
        case "OPSP0003": self = .unsubscribeNotFound(key)
        case "OPSP0008": self = .slotsExceeded(key)
        case "OPSP0011": self = .invalidApproval(key)
        case "OPSP8996": self = .appKeyInUse
        default:
            if response.isSuccess {
                self = response.message.uppercased().hasPrefix("UNSUB") ? .unsubscribed(key) : .subscribed(key, keyMaterial: response.output)
            } else {
                self = .refused(key, code: response.messageCode)
            }
        }
    }

    /// The key the answer names, if any.
    public var key: SlotKey? {
        switch self {
        case .subscribed(let key, _), .alreadySubscribed(let key), .unsubscribed(let key), .unsubscribeNotFound(let key),
             .slotsExceeded(let key), .invalidApproval(let key), .refused(let key, _): key
        case .appKeyInUse: nil
        }
    }

    /// The `msg_cd` the answer stands for (for acks' `detail`).
    public var messageCode: String {
        switch self {
        case .subscribed: "OPSP0000"
        case .unsubscribed: "OPSP0001"
        case .alreadySubscribed: "OPSP0002"
        case .unsubscribeNotFound: "OPSP0003"
        case .slotsExceeded: "OPSP0008"
        case .invalidApproval: "OPSP0011"
        case .appKeyInUse: "OPSP8996"
        case .refused(_, let code): code
        }
    }
}
