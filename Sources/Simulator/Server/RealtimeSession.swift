import Foundation
import KIS
import Net

/// One WebSocket connection on `/tryitout`: its app key (bound by the first subscription with a
/// valid approval key), registrations, heartbeat, and an ordered outbound queue drained by one
/// sender task, so acknowledgements always precede the data they announce.
final class RealtimeSession: @unchecked Sendable {
    let id: Int
    let connection: WebSocketConnection
    private let lock = NSLock()
    private var ledger = RegistrationLedger()
    private var heartbeat: HeartbeatMonitor
    private(set) var appKey: String?
    /// What the sender task does next, in order.
    enum Outbound: Sendable {
        case frames([WebSocketFrame])
        /// Close the connection after what is queued: cleanly (close frame) or dirty (no close frame).
        case close(dirty: Bool)
    }

    private let outbound: AsyncStream<Outbound>
    private let continuation: AsyncStream<Outbound>.Continuation
    private var serverClose: Bool?
    private var queued = 0
    private var noticeSequence = 0
    private var nextNoticeAt: [Registration: Double] = [:]
    /// Market data batches allowed in the queue before new ones are dropped (slow client).
    static let queueLimit = 512

    init(id: Int, connection: WebSocketConnection, heartbeat: HeartbeatMonitor) {
        self.id = id
        self.connection = connection
        self.heartbeat = heartbeat
        (outbound, continuation) = AsyncStream.makeStream()
    }

    /// Binds the session to an app key (once).
    func bind(appKey: String) { lock.withLock { self.appKey = appKey } }

    /// Runs `body` on the ledger under the lock.
    func withLedger<T>(_ body: (inout RegistrationLedger) -> T) -> T { lock.withLock { body(&ledger) } }

    /// The current registrations.
    var registrations: [Registration] { lock.withLock { ledger.order } }

    /// The AES material of a registration.
    func material(for registration: Registration) -> (iv: String, key: String)? {
        lock.withLock { ledger.material(for: registration) }
    }

    /// Heartbeat decision at market time `now`.
    func heartbeatTick(now: Double) -> HeartbeatMonitor.Action { lock.withLock { heartbeat.tick(now: now) } }

    /// The client answered a PINGPONG.
    func heartbeatAnswered() { lock.withLock { heartbeat.answered() } }

    /// Schedules notices for a new notice registration (first one a market second later).
    func scheduleNotices(_ registration: Registration, from now: Double) {
        lock.withLock { nextNoticeAt[registration] = now + 1 }
    }

    /// Notice registrations due at `now`, each with its sequence number; reschedules them.
    func dueNotices(now: Double, every interval: Double) -> [(Registration, Int)] {
        lock.withLock {
            var due: [(Registration, Int)] = []
            for (registration, at) in nextNoticeAt where at <= now {
                guard ledger.material(for: registration) != nil else { nextNoticeAt[registration] = nil; continue }
                due.append((registration, noticeSequence))
                noticeSequence += 1
                nextNoticeAt[registration] = now + interval
            }
            return due
        }
    }

    /// Queues control text (never dropped).
    func enqueue(control text: String) {
        lock.withLock { queued += 1 }
        continuation.yield(.frames([WebSocketFrame(opcode: .text, payload: Array(text.utf8))]))
    }

    /// Queues data frames; false (and nothing queued) when the client is too slow.
    func enqueue(data frames: [WebSocketFrame]) -> Bool {
        guard !frames.isEmpty else { return true }
        let accepted = lock.withLock { () -> Bool in
            guard queued < Self.queueLimit else { return false }
            queued += 1
            return true
        }
        if accepted { continuation.yield(.frames(frames)) }
        return accepted
    }

    /// Queues a server-side close after everything already queued.
    func enqueue(close dirty: Bool) { continuation.yield(.close(dirty: dirty)) }

    /// Closes at once without a close frame (a dirty drop).
    func abort() {
        lock.withLock { serverClose = serverClose ?? true }
        connection.abort()
    }

    /// `nil` if the server did not close the session, else whether it closed it dirty.
    var closedByServer: Bool? { lock.withLock { serverClose } }

    /// Writes queued batches in order until the queue is finished, a close, or a failed write.
    func runSender() async {
        for await item in outbound {
            switch item {
            case .frames(let batch):
                lock.withLock { queued -= 1 }
                do { try await connection.send(frames: batch) } catch { return }
            case .close(let dirty):
                if dirty { abort(); return }
                lock.withLock { serverClose = serverClose ?? false }
                await connection.close(code: WebSocketCloseCode.goingAway)
                return
            }
        }
    }

    /// Ends the sender.
    func finish() { continuation.finish() }
}
