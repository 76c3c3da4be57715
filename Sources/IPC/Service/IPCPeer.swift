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

extension Message {
    /// This message restricted to `codes` (for `tap` subscribers); `nil` when nothing remains.
    func filtered(toCodes codes: Set<String>) -> Message? {
        switch self {
        case .trades(let items): let kept = items.filter { codes.contains($0.code) }; return kept.isEmpty ? nil : .trades(kept)
        case .orderBooks(let items): let kept = items.filter { codes.contains($0.code) }; return kept.isEmpty ? nil : .orderBooks(kept)
        case .indices(let items): let kept = items.filter { codes.contains($0.code) }; return kept.isEmpty ? nil : .indices(kept)
        case .notices(let items): let kept = items.filter { codes.contains($0.code) }; return kept.isEmpty ? nil : .notices(kept)
        case .quotes(let items): let kept = items.filter { codes.contains($0.code) }; return kept.isEmpty ? nil : .quotes(kept)
        case .signal(let signal): return codes.contains(signal.code) ? self : nil
        default: return self
        }
    }
}
