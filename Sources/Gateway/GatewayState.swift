import Foundation
import IPC
import KIS
import System

/// The gateway's shared state behind one lock: the slot ledger, the commands waiting for KIS's
/// answers, the current session's outbound queue, the notice key material and the outage clock.
///
/// IPC handlers and the session call in from different tasks; every decision is taken by the pure
/// ``SlotLedger`` under the lock and performed outside it.
final class GatewayState: @unchecked Sendable {
    /// An (un)subscribe message the session's writer should send.
    struct Outbound: Sendable, Equatable {
        var key: SlotKey
        var action: SubscriptionAction
    }

    private struct WaiterKey: Hashable { var key: SlotKey; var operation: SlotLedger.Resolution.Operation }

    let configuration: GatewayConfiguration
    let route: FeedRoute
    private let clock: MarketClock
    private let logger: Logger
    private let lock = NSLock()
    private var ledger: SlotLedger
    private var waiters: [WaiterKey: CheckedContinuation<Ack, Never>] = [:]
    private var outbound: AsyncStream<Outbound>.Continuation?
    private var ciphers: [String: NoticeCipher] = [:]
    private var publisher: @Sendable (Message) -> Void = { _ in }
    // Session and outage bookkeeping (wall seconds).
    private(set) var isConnected = false
    private var sessionStartedAt: Double?
    private var sessionsOpened = 0
    private var outageStartedAt: Double?
    private var lastOutage: Double?
    private var lastEnd: SessionEnd?

    init(configuration: GatewayConfiguration, route: FeedRoute, clock: MarketClock, logger: Logger) {
        self.configuration = configuration; self.route = route; self.clock = clock; self.logger = logger
        ledger = SlotLedger(capacity: configuration.slotCapacity)
    }

    func setPublisher(_ publish: @escaping @Sendable (Message) -> Void) { lock.withLock { publisher = publish } }

    // MARK: IPC commands

    /// Handles a subscribe command: refused locally when full or duplicate; otherwise queued and,
    /// when connected, answered once KIS answers (or `pending` after the ack timeout).
    func subscribe(_ command: FeedCommand) async -> Ack {
        guard let key = route.key(feed: command.feed, code: command.code) else {
            return Ack(id: command.id, result: "rejected", detail: command.feed == .notice ? "no_hts_id" : "invalid_code")
        }
        let since = MarketClock.secondsOfDay(clock.now())
        let (decision, connected) = lock.withLock {
            (ledger.requestSubscribe(key, code: command.code.isEmpty ? key.trKey : command.code, feed: command.feed, since: since), isConnected)
        }
        switch decision {
        case .duplicate: return Ack(id: command.id, result: "duplicate")
        case .slotsFull: return Ack(id: command.id, result: "slots_full", detail: "\(configuration.slotCapacity) of \(configuration.slotCapacity) slots used")
        case .send: break
        }
        publishLedger()
        guard connected else { return Ack(id: command.id, result: "ok", detail: "queued") }
        return await waitForAnswer(WaiterKey(key: key, operation: .subscribe), id: command.id)
    }

    /// Handles an unsubscribe command. Unknown registrations are answered `ok` with detail
    /// `not_subscribed` (nothing is sent): the slot is free either way.
    func unsubscribe(_ command: FeedCommand) async -> Ack {
        guard let key = route.key(feed: command.feed, code: command.code) else {
            return Ack(id: command.id, result: "ok", detail: "not_subscribed")
        }
        let decision = lock.withLock { ledger.requestUnsubscribe(key, isConnected: isConnected) }
        switch decision {
        case .notSubscribed: return Ack(id: command.id, result: "ok", detail: "not_subscribed")
        case .removed:
            publishLedger()
            return Ack(id: command.id, result: "ok", detail: "removed")
        case .send:
            publishLedger()
            return await waitForAnswer(WaiterKey(key: key, operation: .unsubscribe), id: command.id)
        }
    }

    /// Registers a waiter, queues the message for the session's writer, and waits for KIS's answer
    /// or the timeout.
    private func waitForAnswer(_ waiter: WaiterKey, id: String) async -> Ack {
        let timeout = configuration.ackTimeoutSeconds
        let timer = Task {
            try? await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
            self.resolve(waiter, with: Ack(id: "", result: "ok", detail: "pending"))
        }
        defer { timer.cancel() }
        let ack = await withCheckedContinuation { continuation in
            let resumeNow: Ack? = lock.withLock {
                guard let outbound else {
                    // The session ended between the decision and now: the next one registers it.
                    return Ack(id: "", result: "ok", detail: waiter.operation == .subscribe ? "queued" : "removed")
                }
                waiters[waiter]?.resume(returning: Ack(id: "", result: "ok", detail: "superseded"))
                waiters[waiter] = continuation
                outbound.yield(Outbound(key: waiter.key, action: waiter.operation == .subscribe ? .subscribe : .unsubscribe))
                return nil
            }
            if let resumeNow { continuation.resume(returning: resumeNow) }
        }
        return Ack(id: id, result: ack.result, detail: ack.detail)
    }

    private func resolve(_ waiter: WaiterKey, with ack: Ack) {
        lock.withLock { waiters.removeValue(forKey: waiter) }?.resume(returning: ack)
    }

    /// The ledger as the IPC `ledger` message.
    func ledgerMessage(id: String? = nil) -> Ledger {
        lock.withLock { ledger.snapshot(id: id, connected: isConnected, lastOutageSeconds: lastOutage) }
    }

    func publishLedger() {
        let (message, publish) = lock.withLock {
            (ledger.snapshot(connected: isConnected, lastOutageSeconds: lastOutage), publisher)
        }
        publish(.ledger(message))
    }

    // MARK: Session callbacks

    /// A session is up: every ledger entry is queued for registration again, in request order.
    func sessionOpened(now: Double) -> AsyncStream<Outbound> {
        let (stream, continuation) = AsyncStream<Outbound>.makeStream()
        lock.withLock {
            outbound = continuation
            isConnected = true
            sessionStartedAt = now
            sessionsOpened += 1
            ciphers = [:]
            for key in ledger.keysToRegister { continuation.yield(Outbound(key: key, action: .subscribe)) }
        }
        checkRecovery(now: now)
        publishLedger()
        return stream
    }

    /// Called by the writer just before sending: whether the message is still wanted (an entry
    /// unsubscribed while queued is not registered), and if so it is marked in flight.
    func prepareSend(_ item: Outbound) -> Bool {
        lock.withLock {
            guard let entry = ledger.entry(item.key) else { return false }
            switch item.action {
            case .subscribe: guard entry.state == .pending, !ledger.inFlight.contains(item.key) else { return false }
            case .unsubscribe: guard entry.state == .releasing else { return false }
            }
            ledger.markSent(item.key)
            return true
        }
    }

    /// Applies a control answer: settles the waiting command, keeps key material, publishes the ledger.
    func handle(_ answer: ControlAnswer, now: Double) {
        if case .subscribed(let key, let material?) = answer, let key, route.feed(forTR: key.trID) == .notice {
            if let cipher = try? NoticeCipher(key: material.key, iv: material.iv) {
                lock.withLock { ciphers[key.trID] = cipher }
            } else {
                logger.warning("subscribe ack for \(key) carries unusable key material")
            }
        }
        guard let resolution = lock.withLock({ ledger.apply(answer) }) else {
            logger.debug("answer \(answer.messageCode) for \(answer.key?.description ?? "?") matches no request")
            return
        }
        if resolution.result == "rejected" {
            logger.warning("KIS refused \(resolution.operation) \(resolution.key): \(resolution.detail)")
        }
        resolve(WaiterKey(key: resolution.key, operation: resolution.operation),
                with: Ack(id: "", result: resolution.result, detail: resolution.detail))
        checkRecovery(now: now)
        publishLedger()
    }

    /// The key material for an encrypted TR (kept by tr_id, as pykis does).
    func cipher(for trID: String) -> NoticeCipher? { lock.withLock { ciphers[trID] } }

    /// The session ended: nothing is held any more; the ledger with `connected: false` goes out at once.
    func sessionClosed(_ end: SessionEnd, now: Double) {
        let orphans: [(WaiterKey, CheckedContinuation<Ack, Never>)] = lock.withLock {
            outbound?.finish()
            outbound = nil
            lastEnd = end
            if isConnected, outageStartedAt == nil { outageStartedAt = now }
            isConnected = false
            sessionStartedAt = nil
            ledger.sessionLost()
            defer { waiters = [:] }
            return Array(waiters)
        }
        for (waiter, continuation) in orphans {
            // A subscribe stays in the ledger and is registered on the next session; a release is done.
            continuation.resume(returning: Ack(id: "", result: "ok", detail: waiter.operation == .subscribe ? "queued" : "removed"))
        }
        publishLedger()
    }

    /// The outage ends when a new session holds everything the ledger wants.
    private func checkRecovery(now: Double) {
        lock.withLock {
            guard isConnected, let started = outageStartedAt, ledger.pendingCount == 0, ledger.inFlight.isEmpty else { return }
            lastOutage = now - started
            outageStartedAt = nil
            logger.info("recovered: outage \(String(format: "%.3f", now - started)) s, \(ledger.heldCount) registrations held")
        }
    }

    /// Figures for `status`.
    struct Snapshot: Sendable {
        var connected: Bool, sessionUptime: Double?, sessions: Int, used: Int, held: Int, capacity: Int
        var lastOutage: Double?, currentOutage: Double?, lastEnd: SessionEnd?
    }

    func snapshot(now: Double) -> Snapshot {
        lock.withLock {
            Snapshot(connected: isConnected, sessionUptime: sessionStartedAt.map { now - $0 }, sessions: sessionsOpened,
                     used: ledger.count, held: ledger.heldCount, capacity: ledger.capacity, lastOutage: lastOutage,
                     currentOutage: outageStartedAt.map { now - $0 }, lastEnd: lastEnd)
        }
    }

    /// Seconds the current session has been up (0 when none).
    func uptime(now: Double) -> Double { lock.withLock { sessionStartedAt.map { now - $0 } ?? 0 } }
}
