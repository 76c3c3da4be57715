import Foundation

/// A client connected to an `IPCServer`: its name, topics and drop counter.
public final class IPCPeer: @unchecked Sendable {
    public let id: Int
    public let connection: IPCConnection
    private let lock = NSLock()
    private var _name = "?"
    private var _topics: Set<Topic> = []
    private var _codes: Set<String>?
    private var _dropped = 0
    private var _readPauses = 0

    init(id: Int, connection: IPCConnection) { self.id = id; self.connection = connection }

    public var name: String { lock.withLock { _name } }
    public var topics: Set<Topic> { lock.withLock { _topics } }
    public var codes: Set<String>? { lock.withLock { _codes } }
    /// Market-data messages dropped because this peer was too slow.
    public var droppedCount: Int { lock.withLock { _dropped } }

    func update(name: String, topics: Set<Topic>, codes: Set<String>?) {
        lock.withLock { _name = name; _topics = topics; _codes = codes }
    }

    func countDrop() { lock.withLock { _dropped += 1 } }

    /// Times this peer's requests went unread because it had not taken its replies.
    public var readPauseCount: Int { lock.withLock { _readPauses } }
    func countReadPause() { lock.withLock { _readPauses += 1 } }
}

/// What of a message a `tap` peer that asked for some codes gets.
enum CodeFilter {
    case whole, nothing
    case part(Message)
}

extension Message {
    /// This message restricted to `codes` (for `tap` subscribers): all of it (its bytes can be
    /// shared), none, or the part that concerns them.
    func filter(toCodes codes: Set<String>) -> CodeFilter {
        func keep<T>(_ items: [T], code: (T) -> String, _ make: ([T]) -> Message) -> CodeFilter {
            let kept = items.filter { codes.contains(code($0)) }
            return kept.isEmpty ? .nothing : kept.count == items.count ? .whole : .part(make(kept))
        }
        switch self {
        case .trades(let items): return keep(items, code: \.code, Message.trades)
        case .orderBooks(let items): return keep(items, code: \.code, Message.orderBooks)
        case .indices(let items): return keep(items, code: \.code, Message.indices)
        case .notices(let items): return keep(items, code: \.code, Message.notices)
        case .quotes(let items): return keep(items, code: \.code, Message.quotes)
        case .signal(let signal): return codes.contains(signal.code) ? .whole : .nothing
        default: return .whole
        }
    }
}
