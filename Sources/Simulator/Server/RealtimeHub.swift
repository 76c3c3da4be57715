import Foundation

/// Every WebSocket session of a simulator, and KIS's one-session-per-app-key rule: a second session
/// on a busy app key is refused (`OPSP8996`), and after a dirty disconnect the app key stays busy
/// for the zombie period (protocol.md §6.4).
final class RealtimeHub: @unchecked Sendable {
    private let lock = NSLock()
    private var sessions: [Int: RealtimeSession] = [:]
    private var activeByAppKey: [String: Int] = [:]
    private var zombieUntil: [String: Double] = [:]
    private var nextID = 0
    private var isSubscriptionSetChanged = true

    /// A fresh session id.
    func makeID() -> Int { lock.withLock { nextID += 1; return nextID } }

    func add(_ session: RealtimeSession) { lock.withLock { sessions[session.id] = session } }

    /// All open sessions.
    var all: [RealtimeSession] { lock.withLock { Array(sessions.values).sorted { $0.id < $1.id } } }

    /// Binds `session` to `appKey` at market time `now`; false if another session (or a zombie) holds it.
    func bind(_ session: RealtimeSession, appKey: String, now: Double) -> Bool {
        lock.withLock {
            if let holder = activeByAppKey[appKey], holder != session.id { return false }
            if let until = zombieUntil[appKey] {
                if now < until { return false }
                zombieUntil[appKey] = nil
            }
            activeByAppKey[appKey] = session.id
            session.bind(appKey: appKey)
            return true
        }
    }

    /// Removes a finished session; a dirty end leaves its app key busy for `zombieSeconds`.
    func remove(_ session: RealtimeSession, dirty: Bool, zombieSeconds: Double, now: Double) {
        lock.withLock {
            sessions[session.id] = nil
            isSubscriptionSetChanged = true
            guard let appKey = session.appKey, activeByAppKey[appKey] == session.id else { return }
            activeByAppKey[appKey] = nil
            if dirty, zombieSeconds > 0 { zombieUntil[appKey] = now + zombieSeconds }
        }
    }

    /// Notes that some session's registrations changed.
    func subscriptionsChanged() { lock.withLock { isSubscriptionSetChanged = true } }

    /// Whether registrations changed since the last call (then resets the flag).
    func takeSubscriptionChange() -> Bool {
        lock.withLock { defer { isSubscriptionSetChanged = false }; return isSubscriptionSetChanged }
    }
}
