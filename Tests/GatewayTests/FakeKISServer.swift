import Foundation
import IPC
import KIS
import Net
@testable import Gateway
import System

/// A minimal KIS on loopback for the gateway's integration tests (used while kis-sim is not on
/// this branch): `/oauth2/Approval`, one WebSocket session at a time on `/tryitout`, 41
/// registrations with OPSP0000/0001/0002/0003/0008 answers, PINGPONG, OPSP8996 refusals, and
/// clean or dirty (no close frame) drops.
final class FakeKISServer: @unchecked Sendable {
    let listener: TCPListener
    let cipher = try! NoticeCipher(key: "abcdefghijklmnopabcdefghijklmnop", iv: "0123456789abcdef")
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var session: (connection: WebSocketConnection, channel: StreamChannel)?
    private var registrations: [SlotKey] = []
    private var pingTask: Task<Void, Never>?
    // Knobs.
    var capacity = 41
    var pingIntervalSeconds: Double? = nil
    var appKeyInUseRefusals = 0
    // Observations.
    private(set) var subscribeRequests = 0
    private(set) var unsubscribeRequests = 0
    private(set) var sessionsAccepted = 0
    private(set) var pingsSent = 0
    private(set) var pingsAnswered = 0
    private(set) var approvalsIssued = 0

    var port: UInt16 { listener.port }
    var restURL: String { "http://127.0.0.1:\(port)" }
    var webSocketURL: String { "ws://127.0.0.1:\(port)/tryitout" }

    init() throws { listener = try TCPSocket.listen(port: 0) }

    func start() {
        task = Task { [self] in
            await withDiscardingTaskGroup { group in
                while let channel = try? await listener.accept() {
                    group.addTask { await self.serve(channel) }
                }
            }
        }
    }

    func stop() {
        listener.close()
        task?.cancel()
        lock.withLock { pingTask?.cancel(); session?.channel.close(); session = nil }
    }

    func with<T>(_ body: (FakeKISServer) -> T) -> T { lock.withLock { body(self) } }
    var registered: [SlotKey] { lock.withLock { registrations } }
    var isSessionOpen: Bool { lock.withLock { session != nil } }

    /// Sends a text frame on the current session.
    func push(_ text: String) async throws {
        guard let connection = lock.withLock({ session?.connection }) else { throw TimedOut(what: "no session") }
        try await connection.send(text: text)
    }

    /// Ends the current session: with a close handshake, or by closing the socket (1006).
    func drop(dirty: Bool) async {
        guard let current = lock.withLock({ () -> (connection: WebSocketConnection, channel: StreamChannel)? in
            defer { session = nil; registrations = []; pingTask?.cancel() }
            return session
        }) else { return }
        if dirty { current.channel.close() } else { await current.connection.close(code: WebSocketCloseCode.goingAway) }
    }

    private func serve(_ channel: StreamChannel) async {
        var decoder = HTTPRequestDecoder()
        let stream = PlainByteStream(channel)
        do {
            while true {
                if let request = try decoder.decode() {
                    if WebSocketHandshake.isUpgradeRequest(request) {
                        try await stream.write(HTTPEncoder.encode(try WebSocketHandshake.makeUpgradeResponse(for: request)))
                        await runSession(WebSocketConnection(stream: stream, role: .server, initialBytes: decoder.takeBufferedBytes()),
                                         channel: channel)
                    } else {
                        try await stream.write(HTTPEncoder.encode(approve(request)))
                        try await stream.flush()
                    }
                    channel.close()
                    return
                }
                let bytes = try await stream.read()
                if bytes.isEmpty { channel.close(); return }
                decoder.append(bytes)
            }
        } catch { channel.close() }
    }

    private func approve(_ request: HTTPRequest) -> HTTPResponse {
        guard request.path == "/oauth2/Approval", (try? JSONDecoder().decode(ApprovalRequest.self, from: Data(request.body))) != nil else {
            return HTTPResponse(status: 404, contentType: "application/json", body: "{}")
        }
        lock.withLock { approvalsIssued += 1 }
        return HTTPResponse(status: 200, contentType: "application/json", body: #"{"approval_key":"fake-approval-0001"}"#)
    }

    private func runSession(_ connection: WebSocketConnection, channel: StreamChannel) async {
        let refuse = lock.withLock { () -> Bool in
            if appKeyInUseRefusals > 0 { appKeyInUseRefusals -= 1; return true }
            session = (connection, channel); registrations = []; sessionsAccepted += 1
            return false
        }
        if refuse {
            try? await connection.send(text: SubscriptionResponse.failure(code: "OPSP8996", trID: "", trKey: "").jsonText)
            await connection.close(code: WebSocketCloseCode.normal)
            return
        }
        if let interval = pingIntervalSeconds {
            let pinger = Task { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1e9))
                    guard (try? await connection.send(text: PingPong(datetime: "20261125090000").text)) != nil else { return }
                    lock.withLock { pingsSent += 1 }
                }
            }
            lock.withLock { pingTask = pinger }
        }
        while let message = try? await connection.receive() {
            switch message {
            case .text(let bytes):
                switch try? ControlMessage.decode(Data(bytes)) {
                case .subscriptionRequest(let request)?: try? await connection.send(text: answer(request).jsonText)
                case .pingPong?: lock.withLock { pingsAnswered += 1 }
                default: break
                }
            case .pong: lock.withLock { pingsAnswered += 1 }
            case .close: return
            default: continue
            }
        }
    }

    private func answer(_ request: SubscriptionRequest) -> SubscriptionResponse {
        let key = SlotKey(trID: request.trID, trKey: request.trKey)
        return lock.withLock {
            if request.action == .subscribe {
                subscribeRequests += 1
                if registrations.contains(key) { return .failure(code: "OPSP0002", trID: key.trID, trKey: key.trKey) }
                if registrations.count >= capacity { return .failure(code: "OPSP0008", trID: key.trID, trKey: key.trKey) }
                registrations.append(key)
                return .subscribed(trID: key.trID, trKey: key.trKey, iv: "0123456789abcdef", key: "abcdefghijklmnopabcdefghijklmnop")
            }
            unsubscribeRequests += 1
            guard registrations.contains(key) else { return .failure(code: "OPSP0003", trID: key.trID, trKey: key.trKey) }
            registrations.removeAll { $0 == key }
            return .unsubscribed(trID: key.trID, trKey: key.trKey)
        }
    }
}
