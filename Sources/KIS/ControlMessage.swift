import Foundation
import IPC

/// The server heartbeat `{"header":{"tr_id":"PINGPONG","datetime":"20241011121818"}}`.
///
/// Answer it with a pong control frame carrying ``text``, or by echoing ``text`` as a text frame
/// (both are seen in the field, protocol.md §6.5).
public struct PingPong: Sendable, Equatable, Hashable {
    /// `YYYYMMDDHHMMSS`, KST.
    public var datetime: String
    /// The exact text received (echo this), or the encoded text for one we build.
    public var text: String

    /// Creates a heartbeat for `datetime`.
    public init(datetime: String) {
        self.datetime = datetime
        self.text = JSONNode.object([
            ("header", .object([("tr_id", .string(RealtimeTR.pingPong)), ("datetime", .string(datetime))])),
        ]).compactText
    }

    init(datetime: String, text: String) {
        self.datetime = datetime
        self.text = text
    }
}

/// What kind of WebSocket text frame KIS sent: a data frame, a JSON control message, or cluefin's
/// literal `PINGPONG` (a library quirk, not real server behaviour). Decided by the first byte.
public enum TextFrameKind: Sendable, Equatable {
    /// `0|…` or `1|…`: decode with ``DataFrameParser``.
    case dataFrame
    /// `{…}`: decode with ``ControlMessage/decode(_:)``.
    case control
    /// The bare text `PINGPONG`.
    case pingPongLiteral
    /// Anything else.
    case unknown

    /// Classifies a text frame from its bytes (leading whitespace skipped for JSON).
    public static func classify<Bytes: Collection>(_ bytes: Bytes) -> TextFrameKind where Bytes.Element == UInt8 {
        guard let first = bytes.first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
            return .unknown
        }
        if bytes.count >= 2, DataFrameParser.isDataFrame(firstByte: first), bytes.dropFirst().first == 0x7C {
            return .dataFrame
        }
        if first == 0x7B { return .control }
        if bytes.elementsEqual("PINGPONG".utf8) { return .pingPongLiteral }
        return .unknown
    }

    /// Classifies a text frame held in a `String`.
    public static func classify(_ text: String) -> TextFrameKind { classify(text.utf8) }
}

/// A JSON control message on the realtime WebSocket, in either direction.
public enum ControlMessage: Sendable, Equatable, Hashable {
    /// Client → server: (un)subscribe.
    case subscriptionRequest(SubscriptionRequest)
    /// Server → client: the answer to a request, or a session error (OPSP8996).
    case subscriptionResponse(SubscriptionResponse)
    /// Server → client (and echoed back): heartbeat.
    case pingPong(PingPong)

    /// Decodes a control message from its JSON text.
    public static func decode(_ text: String) throws(KISError) -> ControlMessage {
        try decode(Data(text.utf8), originalText: text)
    }

    /// Decodes a control message from its JSON bytes.
    public static func decode(_ data: Data) throws(KISError) -> ControlMessage {
        try decode(data, originalText: String(decoding: data, as: UTF8.self))
    }

    private struct Probe: Decodable {
        struct Header: Decodable { var tr_id: String?; var datetime: String?; var approval_key: String? }
        struct Body: Decodable { var input: [String: String]?; var rt_cd: String? }
        var header: Header?
        var body: Body?
    }

    private static func decode(_ data: Data, originalText: String) throws(KISError) -> ControlMessage {
        let decoder = JSONDecoder()
        do {
            let probe = try decoder.decode(Probe.self, from: data)
            if probe.header?.tr_id == RealtimeTR.pingPong {
                return .pingPong(PingPong(datetime: probe.header?.datetime ?? "", text: originalText))
            }
            if probe.header?.approval_key != nil || probe.body?.input != nil {
                return .subscriptionRequest(try decoder.decode(SubscriptionRequest.self, from: data))
            }
            if probe.body?.rt_cd != nil {
                return .subscriptionResponse(try decoder.decode(SubscriptionResponse.self, from: data))
            }
            throw KISError.malformedJSON("neither PINGPONG, a subscription request nor a response")
        } catch let error as KISError {
            throw error
        } catch {
            throw .malformedJSON(String(describing: error))
        }
    }

    /// The compact JSON text of this message (a received PINGPONG keeps its original text).
    public var jsonText: String {
        switch self {
        case .subscriptionRequest(let request): request.jsonText
        case .subscriptionResponse(let response): response.jsonText
        case .pingPong(let ping): ping.text
        }
    }
}
