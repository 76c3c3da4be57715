import IPC

/// The gateway's book of KIS registrations: what it asked for, what KIS confirmed, and what is on
/// its way out. A pure value; the session performs what its decisions say.
///
/// Every `(tr_id, tr_key)` counts against ``capacity`` in every state, execution notices included
/// (KIS: 41 per session, OPSP0008 beyond). A request beyond the capacity is refused here and never
/// sent. An entry is `held` only after KIS's OPSP0000 (or OPSP0002).
public struct SlotLedger: Sendable, Equatable {
    /// Where a registration stands.
    public enum State: String, Sendable, Equatable {
        /// Wanted; sent (or to be sent on the next session), no answer yet.
        case pending
        /// Acknowledged by KIS.
        case held
        /// Unsubscribe sent, no answer yet: still occupies its slot.
        case releasing
    }

    /// One registration.
    public struct Entry: Sendable, Equatable {
        public var key: SlotKey
        public var code: String
        public var feed: Feed
        public var state: State
        /// Market time (seconds since midnight KST) it was requested.
        public var since: Double
    }

    /// The local decision on a subscribe command.
    public enum SubscribeDecision: Sendable, Equatable { case send, duplicate, slotsFull }
    /// The local decision on an unsubscribe command.
    public enum UnsubscribeDecision: Sendable, Equatable {
        /// Send an unsubscribe message.
        case send
        /// Removed at once: nothing on the server to release (not yet registered, or no session).
        case removed
        /// Not in the ledger (or already being released): nothing to do.
        case notSubscribed
    }

    /// What an answer from KIS settled.
    public struct Resolution: Sendable, Equatable {
        public enum Operation: Sendable, Equatable { case subscribe, unsubscribe }
        public var key: SlotKey
        public var operation: Operation
        /// `ok`, `duplicate` or `rejected`: the IPC ack result for the command that waits.
        public var result: String
        /// The `msg_cd`.
        public var detail: String
    }

    public let capacity: Int
    public private(set) var entries: [Entry] = []
    /// Requests sent on the current session and not yet answered, oldest first: answers without
    /// a header (body-only captures) are matched to the oldest.
    public private(set) var inFlight: [SlotKey] = []

    public init(capacity: Int = 41) { self.capacity = capacity }

    /// Slots occupied (every state).
    public var count: Int { entries.count }
    public var isFull: Bool { entries.count >= capacity }
    public var heldCount: Int { entries.count(where: { $0.state == .held }) }
    public var pendingCount: Int { entries.count(where: { $0.state == .pending }) }

    public func entry(_ key: SlotKey) -> Entry? { entries.first { $0.key == key } }

    /// Decides a subscribe command; on `.send` the entry is added as pending.
    public mutating func requestSubscribe(_ key: SlotKey, code: String, feed: Feed, since: Double) -> SubscribeDecision {
        if entries.contains(where: { $0.key == key }) { return .duplicate }
        guard entries.count < capacity else { return .slotsFull }
        entries.append(Entry(key: key, code: code, feed: feed, state: .pending, since: since))
        return .send
    }

    /// Decides an unsubscribe command. `isConnected` false: the entry simply leaves the ledger.
    public mutating func requestUnsubscribe(_ key: SlotKey, isConnected: Bool) -> UnsubscribeDecision {
        guard let index = entries.firstIndex(where: { $0.key == key }), entries[index].state != .releasing else {
            return .notSubscribed
        }
        let wasSent = inFlight.contains(key) || entries[index].state == .held
        guard isConnected, wasSent else {
            entries.remove(at: index)
            inFlight.removeAll { $0 == key }
            return .removed
        }
        entries[index].state = .releasing
        return .send
    }

    /// Records that a (un)subscribe message for `key` went out on the current session.
    public mutating func markSent(_ key: SlotKey) {
        inFlight.removeAll { $0 == key }
        inFlight.append(key)
    }

    /// Applies an answer; returns what it settled (`nil` when it names nothing we wait for).
    public mutating func apply(_ answer: ControlAnswer) -> Resolution? {
        if case .appKeyInUse = answer { return nil }
        guard let key = answer.key ?? inFlight.first, let index = entries.firstIndex(where: { $0.key == key }) else {
            return nil
        }
        inFlight.removeAll { $0 == key }
        let code = answer.messageCode
        let releasing = entries[index].state == .releasing
        switch answer {
        case .subscribed, .alreadySubscribed:
            // An unsubscribe queued behind the subscribe keeps the entry releasing.
            if releasing { return nil }
            entries[index].state = .held
            return Resolution(key: key, operation: .subscribe, result: code == "OPSP0002" ? "duplicate" : "ok", detail: code)
        case .unsubscribed, .unsubscribeNotFound:
            entries.remove(at: index)
            return Resolution(key: key, operation: .unsubscribe, result: "ok", detail: code)
        case .slotsExceeded, .invalidApproval, .refused:
            if releasing {
                // KIS refused the release: it still holds the registration.
                entries[index].state = .held
                return Resolution(key: key, operation: .unsubscribe, result: "rejected", detail: code)
            }
            entries.remove(at: index)
            return Resolution(key: key, operation: .subscribe, result: "rejected", detail: code)
        case .appKeyInUse:
            return nil
        }
    }

    /// The session ended: nothing is held on the server any more. Held entries become pending (to
    /// register again); releasing entries are gone. Returns the keys removed.
    @discardableResult
    public mutating func sessionLost() -> [SlotKey] {
        inFlight = []
        let released = entries.filter { $0.state == .releasing }.map(\.key)
        entries.removeAll { $0.state == .releasing }
        for index in entries.indices { entries[index].state = .pending }
        return released
    }

    /// Entries to register on a new session, in request order.
    public var keysToRegister: [SlotKey] { entries.filter { $0.state == .pending }.map(\.key) }

    /// The IPC view of the ledger. The catalog knows `pending` and `held`; an entry being released
    /// is still held by KIS until it answers, so it shows as `held`.
    public func snapshot(id: String? = nil, connected: Bool, lastOutageSeconds: Double?) -> Ledger {
        Ledger(id: id, connected: connected, capacity: capacity,
               entries: entries.map { LedgerEntry(code: $0.code, feed: $0.feed, state: $0.state == .pending ? "pending" : "held", since: $0.since) },
               lastOutageSeconds: lastOutageSeconds)
    }
}
