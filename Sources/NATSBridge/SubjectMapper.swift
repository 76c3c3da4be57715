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
/// their original order.
public struct SubjectMapper: Sendable {
    public var prefix: String
    private let codec = MessageCodec()

    public init(prefix: String = "kis41") { self.prefix = prefix }

    /// The publications of `message`; empty for messages that are not bridged.
    public func publications(of message: Message) -> [Publication] {
        switch message {
        case .trades(let items): return perCode(items, \.code, "trade") { .trades($0) }
        case .orderBooks(let items): return perCode(items, \.code, "orderbook") { .orderBooks($0) }
        case .quotes(let items): return perCode(items, \.code, "quote") { .quotes($0) }
        case .indices(let items): return perCode(items, \.code, "index") { .indices($0) }
        case .signal(let signal):
            let subject = "\(prefix).signal.\(Self.token(signal.kind.rawValue)).\(Self.token(signal.code))"
            let id = "\(signal.time)|\(signal.code)|\(signal.kind.rawValue)|\(signal.direction.rawValue)|\(signal.source.rawValue)"
            return encoded(message).map { [Publication(subject: subject, payload: $0, isSignal: true, messageID: id)] } ?? []
        case .allocation:
            return encoded(message).map { [Publication(subject: "\(prefix).allocation", payload: $0, isSignal: false)] } ?? []
        case .statusReport(let report):
            return encoded(message).map { [Publication(subject: "\(prefix).status.\(Self.token(report.component))", payload: $0, isSignal: false)] } ?? []
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
            encoded(make(groups[key]!)).map { Publication(subject: "\(prefix).\(topic).\(Self.token(key))", payload: $0, isSignal: false) }
        }
    }

    private func encoded(_ message: Message) -> [UInt8]? { try? codec.encode(message) }

    /// A subject token: letters, digits, `_` and `-` kept, anything else (`.`, `*`, `>`, space) as `_`.
    static func token(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { scalar -> Character in
            let isSafe = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                || scalar == "_" || scalar == "-"
            return isSafe ? Character(scalar) : "_"
        })
        return cleaned.isEmpty ? "_" : cleaned
    }
}
