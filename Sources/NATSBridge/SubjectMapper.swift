import IPC
import System

/// One NATS publication made from an IPC message.
public struct Publication: Sendable, Equatable {
    public var subject: String
    /// The IPC frame body: the same JSON a `tap` peer of that code receives on the socket.
    public var payload: [UInt8]
    /// Signals go to JetStream with an acknowledgement; everything else is market data or state.
    public var isSignal: Bool
    /// For signals: the `Nats-Msg-Id` that makes a re-publish after a lost ack harmless.
    public var messageID: String?
    /// The IPC topic it came from (`trade`, `signal`, …; `status` for status reports), for counters.
    public var topic: String

    public init(subject: String, payload: [UInt8], isSignal: Bool, messageID: String? = nil, topic: String) {
        self.subject = subject; self.payload = payload; self.isSignal = isSignal; self.messageID = messageID; self.topic = topic
    }
}

/// Maps kis41's IPC messages onto NATS subjects (pure):
///
/// | IPC | subject | payload |
/// |---|---|---|
/// | `signal` | `kis41.signal.<kind>.<code>` | the `signal` message |
/// | `trades`, `orderbooks`, `quotes`, `indices` | `kis41.trade.<code>`, `kis41.orderbook.<code>`, `kis41.quote.<code>`, `kis41.index.<code>` | the batch message filtered to that code |
/// | `allocation` | `kis41.allocation` | the `allocation` message |
/// | `status_report` | `kis41.status.<component>` | the `status_report` message |
///
/// A batch of many codes becomes one publication per code, each a batch of that code's items in
/// their original order. `publications(ofBody:)` relays a frame's own bytes (one encoding, by the
/// publisher): a batch of one code as it is, a batch of several cut per code by `PublishedBatch`
/// (the items' bytes untouched), anything else decoded only to find its subject.
public struct SubjectMapper: Sendable {
    public var prefix: String
    private let codec = MessageCodec()

    public init(prefix: String = "kis41") { self.prefix = prefix }

    /// The publications of `message` (encoded here); empty for messages that are not bridged.
    public func publications(of message: Message) -> [Publication] {
        switch message {
        case .trades(let items): return perCode(items, \.code, "trade") { .trades($0) }
        case .orderBooks(let items): return perCode(items, \.code, "orderbook") { .orderBooks($0) }
        case .quotes(let items): return perCode(items, \.code, "quote") { .quotes($0) }
        case .indices(let items): return perCode(items, \.code, "index") { .indices($0) }
        default: return encoded(message).map { publications(of: message, payload: $0) } ?? []
        }
    }

    /// The publications of a published frame's `body`, its own bytes as payloads; empty for
    /// messages that are not bridged or do not decode.
    public func publications(ofBody body: [UInt8]) -> [Publication] {
        if let batch = PublishedBatch(body: body) {
            guard let topic = Self.batchTopics[batch.type] else { return [] }
            return perCode(batch, body, topic)
        }
        guard let message = try? codec.decode(body) else { return [] }
        switch message {
        case .trades, .orderBooks, .quotes, .indices: return publications(of: message)  // a layout `PublishedBatch` does not read
        default: return publications(of: message, payload: body)
        }
    }

    private static let batchTopics = ["trades": "trade", "orderbooks": "orderbook", "quotes": "quote", "indices": "index"]

    /// The subject topic of a bridged batch type (`trades` → `trade`), `nil` for one not bridged.
    static func topic(ofBatch type: String) -> String? { batchTopics[type] }

    /// A signal, allocation or status report with `payload`, its encoding.
    private func publications(of message: Message, payload: [UInt8]) -> [Publication] {
        switch message {
        case .signal(let signal):
            let subject = "\(prefix).signal.\(Self.token(signal.kind.rawValue)).\(Self.token(signal.code))"
            let id = "\(signal.time)|\(signal.code)|\(signal.kind.rawValue)|\(signal.direction.rawValue)|\(signal.source.rawValue)"
            return [Publication(subject: subject, payload: payload, isSignal: true, messageID: id, topic: "signal")]
        case .allocation:
            return [Publication(subject: "\(prefix).allocation", payload: payload, isSignal: false, topic: "allocation")]
        case .statusReport(let report):
            return [Publication(subject: "\(prefix).status.\(Self.token(report.component))", payload: payload, isSignal: false, topic: "status")]
        default:
            return []
        }
    }

    private func perCode<Item>(_ items: [Item], _ code: KeyPath<Item, String>, _ topic: String,
                               _ make: ([Item]) -> Message) -> [Publication] {
        var order: [String] = []
        var groups: [String: [Item]] = [:]
        for item in items {
            let key = item[keyPath: code]
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(item)
        }
        return order.compactMap { key in
            encoded(make(groups[key]!)).map { Publication(subject: subject(topic, key), payload: $0, isSignal: false, topic: topic) }
        }
    }

    /// A batch's bytes per code: the body itself when all items share one code (the usual frame),
    /// else the body cut down to each code's items. Items without a code are not relayed.
    private func perCode(_ batch: PublishedBatch, _ body: [UInt8], _ topic: String) -> [Publication] {
        if let first = batch.codes.first, let code = first, batch.codes.allSatisfy({ $0 == code }) {
            return [Publication(subject: subject(topic, code), payload: body, isSignal: false, topic: topic)]
        }
        return perCodeGrouped(batch, body, topic)
    }

    private func perCodeGrouped(_ batch: PublishedBatch, _ body: [UInt8], _ topic: String) -> [Publication] {
        var order: [String] = []
        var groups: [String: [Int]] = [:]
        for (position, code) in batch.codes.enumerated() {
            guard let code else { continue }
            if groups[code] == nil { order.append(code) }
            groups[code, default: []].append(position)
        }
        return order.map { code in
            Publication(subject: subject(topic, code), payload: batch.body(body, keeping: groups[code]!), isSignal: false, topic: topic)
        }
    }

    private func subject(_ topic: String, _ code: String) -> String { "\(prefix).\(topic).\(Self.token(code))" }

    private func encoded(_ message: Message) -> [UInt8]? { try? codec.encode(message) }

    /// A subject token: letters, digits, `_` and `-` kept, anything else (`.`, `*`, `>`, space) as `_`.
    static func token(_ text: String) -> String {
        // Nearly every code and kind is already safe: no new string then.
        if !text.isEmpty, text.utf8.allSatisfy(isSafe) { return text }
        let cleaned = String(text.unicodeScalars.map { scalar -> Character in
            let isSafe = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "-"
            return isSafe ? Character(scalar) : "_"
        })
        return cleaned.isEmpty ? "_" : cleaned
    }

    private static func isSafe(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5f || byte == 0x2d
    }
}
