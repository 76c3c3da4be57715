import Foundation
import KIS
import Net

/// kis-sim's WebSocket side on `/tryitout` (protocol.md §6): control messages in, acknowledgements
/// and errors out; the market pump sends the data.
struct RealtimeServer: Sendable {
    let options: SimulatorOptions
    let state: SimulatorState
    let hub: RealtimeHub
    let dayClock: DayClock
    /// Codes a stock TR accepts as `tr_key`.
    let stockCodes: Set<String>

    /// TRs this environment serves (virtual: H0STCNT0, H0STASP0 and H0STCNI9 only).
    var supportedTRs: Set<String> {
        options.environment == .virtual
            ? [RealtimeTR.trade, RealtimeTR.orderBook, RealtimeTR.executionNoticeVirtual]
            : [RealtimeTR.trade, RealtimeTR.orderBook, RealtimeTR.index, RealtimeTR.executionNotice,
               RealtimeTR.expectedTrade, RealtimeTR.marketOperation]
    }

    /// Serves one upgraded connection until it ends.
    func serve(_ connection: WebSocketConnection) async {
        let heartbeat = HeartbeatMonitor(interval: options.pingIntervalSeconds, limit: options.maxUnansweredPings,
                                         startedAt: dayClock.now())
        let session = RealtimeSession(id: hub.makeID(), connection: connection, heartbeat: heartbeat)
        hub.add(session)
        let sender = Task { await session.runSender() }
        var isDirty = true
        do {
            while true {
                let message = try await connection.receive()
                switch message {
                case .text(let bytes): handle(text: String(decoding: bytes, as: UTF8.self), on: session)
                case .pong: session.heartbeatAnswered()
                case .close: isDirty = false
                default: continue
                }
                if case .close = message { break }
            }
        } catch {}
        if let serverDirty = session.closedByServer { isDirty = serverDirty }
        session.finish()
        hub.remove(session, dirty: isDirty, zombieSeconds: options.zombieSessionSeconds, now: dayClock.now())
        await sender.value
        if connection.isOpen { connection.abort() }
    }

    private func handle(text: String, on session: RealtimeSession) {
        switch TextFrameKind.classify(text) {
        case .control:
            switch try? ControlMessage.decode(text) {
            case .pingPong?: session.heartbeatAnswered()
            case .subscriptionRequest(let request)?: handle(request, on: session)
            case .subscriptionResponse?: break
            case nil:
                session.enqueue(control: SubscriptionResponse.failure(
                    code: "OPSP9999", trID: "", trKey: "", message: "JSON PARSING ERROR : invalid json format").jsonText)
            }
        case .pingPongLiteral: session.heartbeatAnswered()
        case .dataFrame, .unknown: break
        }
    }

    private func handle(_ request: SubscriptionRequest, on session: RealtimeSession) {
        func reply(_ response: SubscriptionResponse) { session.enqueue(control: response.jsonText) }
        func refuse(_ code: String, message: String? = nil) {
            reply(.failure(code: code, trID: request.trID, trKey: request.trKey, message: message))
        }
        // KIS: the approval key is checked on every message (OPSP0011 with the key echoed).
        guard let appKey = state.appKey(forApproval: request.approvalKey) else {
            return refuse("OPSP0011", message: "invalid approval : \(request.approvalKey)")
        }
        if session.appKey == nil {
            // KIS: one session per app key; a zombie of a dirty disconnect counts (OPSP8996).
            guard hub.bind(session, appKey: appKey, now: dayClock.now()) else {
                state.count(appKey) { $0.sessionRefusals += 1 }
                reply(.failure(code: "OPSP8996", trID: request.trID, trKey: request.trKey))
                session.enqueue(close: false)
                return
            }
            state.count(appKey) { $0.webSocketSessions += 1 }
        }
        let owner = session.appKey ?? appKey
        guard supportedTRs.contains(request.trID) else { return refuse("OPSP8991") }
        guard isValidKey(request.trKey, for: request.trID) else { return refuse("OPSP8992") }
        let registration = Registration(trID: request.trID, trKey: request.trKey)
        switch request.action {
        case .subscribe:
            switch session.withLedger({ $0.subscribe(registration, makeKeys: Self.makeKeys) }) {
            case .accepted(let iv, let key):
                state.count(owner) { $0.registrations += 1 }
                reply(.subscribed(trID: request.trID, trKey: request.trKey, iv: iv, key: key))
                if Self.isNotice(request.trID) { session.scheduleNotices(registration, from: dayClock.now()) }
                hub.subscriptionsChanged()
            case .duplicate: refuse("OPSP0002")
            case .full:
                state.count(owner) { $0.registrationRefusals += 1 }
                refuse("OPSP0008")
            }
        case .unsubscribe:
            if session.withLedger({ $0.unsubscribe(registration) }) {
                reply(.unsubscribed(trID: request.trID, trKey: request.trKey))
                hub.subscriptionsChanged()
            } else {
                refuse("OPSP0003")
            }
        }
    }

    private func isValidKey(_ key: String, for trID: String) -> Bool {
        switch trID {
        case RealtimeTR.index: MarketIndex(rawValue: key) != nil
        case RealtimeTR.executionNotice, RealtimeTR.executionNoticeVirtual: !key.isEmpty
        default: stockCodes.contains(key)
        }
    }

    static func isNotice(_ trID: String) -> Bool {
        trID == RealtimeTR.executionNotice || trID == RealtimeTR.executionNoticeVirtual
    }

    /// Fresh per-registration AES material: a 16-character iv and a 32-character key (ASCII).
    static func makeKeys() -> (iv: String, key: String) {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef"), letters = Array("abcdefghijklmnopqrstuvwxyz")
        let iv = String((0..<16).map { _ in hex[Int.random(in: 0..<16, using: &generator)] })
        let key = String((0..<32).map { _ in letters[Int.random(in: 0..<26, using: &generator)] })
        return (iv, key)
    }
}
