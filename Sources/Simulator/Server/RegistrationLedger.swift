/// One realtime registration: a TR and its key (stock code, index code or HTS id).
struct Registration: Hashable, Sendable {
    var trID: String
    var trKey: String
}

/// The registrations of one WebSocket session, a pure state machine (protocol.md §6.4): at most 41
/// over all TRs (`OPSP0008` beyond), duplicates refused (`OPSP0002`), unknown unsubscribes refused
/// (`OPSP0003`), and a per-registration AES key and iv sent with every `OPSP0000`.
struct RegistrationLedger: Sendable {
    /// KIS: 41 registrations per session over all TRs.
    static let capacity = 41

    enum SubscribeResult: Equatable, Sendable {
        case accepted(iv: String, key: String)
        case duplicate
        case full
    }

    private(set) var keys: [Registration: (iv: String, key: String)] = [:]
    /// Registrations in the order they were accepted.
    private(set) var order: [Registration] = []

    var count: Int { order.count }

    /// Registers `registration` with fresh key material from `makeKeys` unless it is a duplicate or
    /// the session is full.
    mutating func subscribe(_ registration: Registration, makeKeys: () -> (iv: String, key: String)) -> SubscribeResult {
        if keys[registration] != nil { return .duplicate }
        guard order.count < Self.capacity else { return .full }
        let material = makeKeys()
        keys[registration] = material
        order.append(registration)
        return .accepted(iv: material.iv, key: material.key)
    }

    /// Removes `registration`; false when it was not registered.
    mutating func unsubscribe(_ registration: Registration) -> Bool {
        guard keys.removeValue(forKey: registration) != nil else { return false }
        order.removeAll { $0 == registration }
        return true
    }

    /// The key material of a registration.
    func material(for registration: Registration) -> (iv: String, key: String)? { keys[registration] }
}

/// The PINGPONG heartbeat of one session, pure: every interval the server sends a PINGPONG, and
/// drops the session when `limit` in a row went unanswered (a pong frame or a text echo answers).
struct HeartbeatMonitor: Sendable {
    enum Action: Equatable, Sendable { case none, sendPing, drop }

    let interval: Double
    let limit: Int
    private(set) var nextPingAt: Double
    private(set) var unanswered = 0

    init(interval: Double, limit: Int, startedAt: Double) {
        self.interval = interval
        self.limit = max(1, limit)
        nextPingAt = startedAt + interval
    }

    /// What to do at time `now`.
    mutating func tick(now: Double) -> Action {
        guard interval > 0, now >= nextPingAt else { return .none }
        if unanswered >= limit { return .drop }
        unanswered += 1
        nextPingAt = now + interval
        return .sendPing
    }

    /// The client answered.
    mutating func answered() { unanswered = 0 }
}
