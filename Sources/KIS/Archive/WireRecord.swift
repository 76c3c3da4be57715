import Foundation
import IPC

/// One thing KIS said, as a session archive keeps it: an inbound WebSocket text frame (data,
/// control or PINGPONG) or a REST call with its answer. Times are wall seconds (when it arrived)
/// and market seconds (the session's market clock at that moment).
public enum WireRecord: Sendable, Equatable {
    case webSocket(WebSocketFrameRecord)
    case rest(RESTCallRecord)

    /// The market time the record happened at.
    public var marketTime: Double {
        switch self {
        case .webSocket(let frame): frame.marketTime
        case .rest(let call): call.marketTime
        }
    }

    /// The wall time (Unix seconds) the record arrived at.
    public var receivedAt: Double {
        switch self {
        case .webSocket(let frame): frame.receivedAt
        case .rest(let call): call.receivedAt
        }
    }
}

/// An inbound WebSocket text frame, byte for byte (secrets removed, see ``WireScrubber``).
public struct WebSocketFrameRecord: Sendable, Equatable {
    public var receivedAt: Double
    public var marketTime: Double
    public var text: String
    public init(receivedAt: Double, marketTime: Double, text: String) {
        self.receivedAt = receivedAt; self.marketTime = marketTime; self.text = text
    }
}

/// A REST call: what was asked (`tr_id`, path, query) and what came back (status, body, and the
/// time of the answer from its `Date` header). No other header is kept: that is where the app key,
/// secret and token travel.
public struct RESTCallRecord: Sendable, Equatable {
    public var receivedAt: Double
    public var marketTime: Double
    public var trID: String
    public var path: String
    public var query: String
    public var status: Int
    public var body: String
    /// The answer's HTTP `Date` (Unix seconds, whole): the server's time of the data; nil when it
    /// sent none (and in archives written before it was kept).
    public var serverDate: Double?
    public init(receivedAt: Double, marketTime: Double, trID: String, path: String, query: String, status: Int, body: String,
                serverDate: Double? = nil) {
        self.receivedAt = receivedAt; self.marketTime = marketTime; self.trID = trID
        self.path = path; self.query = query; self.status = status; self.body = body; self.serverDate = serverDate
    }
}

extension WireRecord {
    /// One JSON line, newline included: `{"k":"ws","t":…,"m":…,"f":"…"}` or
    /// `{"k":"rest","t":…,"m":…,"tr":"…","p":"…","q":"…","s":200,"b":"…"}` (with `"d":…`, the
    /// answer's `Date`, when it had one).
    public var line: String {
        switch self {
        case .webSocket(let frame):
            return "{\"k\":\"ws\",\"t\":\(Self.number(frame.receivedAt)),\"m\":\(Self.number(frame.marketTime)),\"f\":\(JSONText.quoted(frame.text))}\n"
        case .rest(let call):
            return "{\"k\":\"rest\",\"t\":\(Self.number(call.receivedAt)),\"m\":\(Self.number(call.marketTime)),\"tr\":\(JSONText.quoted(call.trID)),"
                + "\"p\":\(JSONText.quoted(call.path)),\"q\":\(JSONText.quoted(call.query)),\"s\":\(call.status),"
                + (call.serverDate.map { "\"d\":\(Int($0)),"} ?? "") + "\"b\":\(JSONText.quoted(call.body))}\n"
        }
    }

    /// Parses one line (without its newline); `nil` for anything that is not a whole record.
    public init?(line: Substring) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let kind = object["k"] as? String, let t = object["t"] as? Double, let m = object["m"] as? Double else { return nil }
        switch kind {
        case "ws":
            guard let text = object["f"] as? String else { return nil }
            self = .webSocket(WebSocketFrameRecord(receivedAt: t, marketTime: m, text: text))
        case "rest":
            guard let trID = object["tr"] as? String, let path = object["p"] as? String, let query = object["q"] as? String,
                  let status = object["s"] as? Int, let body = object["b"] as? String else { return nil }
            self = .rest(RESTCallRecord(receivedAt: t, marketTime: m, trID: trID, path: path, query: query, status: status, body: body,
                                        serverDate: (object["d"] as? NSNumber)?.doubleValue))
        default:
            return nil
        }
    }

    /// Milliseconds are enough and keep lines short.
    private static func number(_ value: Double) -> String { String(format: "%.3f", value) }
}
