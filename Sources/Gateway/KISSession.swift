import Foundation
import IPC
import KIS
import Net
import System

/// One KIS WebSocket session: `run()` is one connection, from the approval key to the end.
///
/// It asks `/oauth2/Approval` for a key once per connection, connects, registers everything the
/// ledger wants (paced by `subscribeGapMilliseconds`), then reads: data frames go to the
/// ``FrameProcessor``, control answers to the ledger, PINGPONG is answered at once. It ends on a
/// close, a lost connection, OPSP8996/OPSP0011, or silence; reconnecting is the caller's loop.
struct KISSession: Sendable {
    let settings: KISSettings
    let configuration: GatewayConfiguration
    let state: GatewayState
    let processor: FrameProcessor
    let counters: SessionCounters
    let logger: Logger
    /// Where inbound text frames are kept when the session records (secrets scrubbed first).
    var archive: WireArchiveWriter? = nil
    var clock: MarketClock = .live()

    /// Runs one session; returns why it ended and how long it was connected (wall seconds).
    func run() async -> (end: SessionEnd, uptime: Double) {
        let approvalKey: String
        do { approvalKey = try await requestApprovalKey() } catch {
            return (.approvalFailed("\(error)"), 0)
        }
        let connection: WebSocketConnection
        do {
            var webSocket = WebSocketConfiguration()
            webSocket.closeTimeout = .seconds(1)
            connection = try await WebSocketClient.connect(url: settings.webSocketURL,
                                                           timeout: .milliseconds(Int(configuration.connectTimeoutSeconds * 1000)),
                                                           configuration: webSocket)
        } catch {
            return (.connectFailed("\(error)"), 0)
        }
        let outbound = state.sessionOpened(now: Self.wallNow())
        logger.info("session open on \(settings.webSocketURL); registering \(state.ledgerMessage().entries.count) feeds")
        let activity = ActivityClock(timeout: configuration.idleTimeoutSeconds, now: Self.wallNow())
        let end = await withTaskCancellationHandler {
            await withTaskGroup(of: SessionEnd?.self) { group in
                group.addTask { await read(connection, activity: activity) }
                group.addTask { await write(outbound, to: connection, approvalKey: approvalKey) }
                group.addTask { await watch(activity) }
                var end: SessionEnd = .failed("cancelled")
                for await result in group {
                    if let result { end = result; break }
                }
                await connection.close(code: WebSocketCloseCode.goingAway)
                group.cancelAll()
                return end
            }
        } onCancel: {
            Task { await connection.close(code: WebSocketCloseCode.goingAway) }
        }
        let uptime = state.uptime(now: Self.wallNow())
        state.sessionClosed(end, now: Self.wallNow())
        return (end, uptime)
    }

    /// `POST /oauth2/Approval` (the secret goes in `secretkey`, protocol.md §2.2).
    private func requestApprovalKey() async throws -> String {
        var http = HTTPClientConfiguration()
        http.connectTimeout = .milliseconds(Int(configuration.connectTimeoutSeconds * 1000))
        http.readTimeout = http.connectTimeout
        let client = try HTTPClient(origin: settings.restURL, configuration: http)
        defer { Task { await client.close() } }
        let body = try JSONEncoder().encode(ApprovalRequest(appKey: settings.credentials.appKey,
                                                            secretKey: settings.credentials.appSecret))
        let response = try await client.post("/oauth2/Approval", headers: ["content-type": "application/json; utf-8"], body: Array(body))
        guard response.status == 200, let approval = try? JSONDecoder().decode(ApprovalResponse.self, from: Data(response.body)),
              !approval.approvalKey.isEmpty else {
            // Never echo the request; the response body carries only KIS's error code and text.
            throw KISError.server(code: "HTTP \(response.status)", message: String(response.bodyText.prefix(200)))
        }
        return approval.approvalKey
    }

    /// Reads until the connection ends or an answer ends the session.
    private func read(_ connection: WebSocketConnection, activity: ActivityClock) async -> SessionEnd? {
        while true {
            let message: WebSocketMessage
            do { message = try await connection.receive() } catch let error as NetError where error.isConnectionClosed {
                return .closed(clean: false)
            } catch {
                return .failed("\(error)")
            }
            let receivedAt = Self.wallNow()
            activity.record(at: receivedAt)
            switch message {
            case .text(let bytes):
                if let archive {
                    let text = WireScrubber.scrub(webSocketText: String(decoding: bytes, as: UTF8.self))
                    archive.append(.webSocket(WebSocketFrameRecord(receivedAt: receivedAt, marketTime: clock.now(), text: text)))
                }
                if let end = await handleText(bytes, receivedAt: receivedAt, connection: connection) { return end }
            case .close:
                return .closed(clean: true)
            case .binary, .ping, .pong:
                continue
            }
        }
    }

    private func handleText(_ bytes: [UInt8], receivedAt: Double, connection: WebSocketConnection) async -> SessionEnd? {
        switch TextFrameKind.classify(bytes) {
        case .dataFrame:
            processor.process(bytes, receivedAt: receivedAt)
        case .control:
            counters.add("control_messages")
            let control: ControlMessage
            do { control = try ControlMessage.decode(Data(bytes)) } catch {
                counters.add("malformed_control")
                logger.warning("unreadable control message: \(error)")
                return nil
            }
            switch control {
            case .pingPong(let ping):
                await answer(ping.text, on: connection)
            case .subscriptionResponse(let response):
                let answer = ControlAnswer(response)
                switch answer {
                case .appKeyInUse: return .appKeyInUse
                case .invalidApproval:
                    state.handle(answer, now: receivedAt)
                    return .invalidApproval
                default:
                    state.handle(answer, now: receivedAt)
                }
            case .subscriptionRequest:
                counters.add("malformed_control")
            }
        case .pingPongLiteral:
            await answer("PINGPONG", on: connection)
        case .unknown:
            counters.add("unknown_frames")
            processor.process(bytes, receivedAt: receivedAt)  // counted and sampled as malformed
        }
        return nil
    }

    /// Answers PINGPONG as configured (protocol.md §6.5: both forms work).
    private func answer(_ text: String, on connection: WebSocketConnection) async {
        do {
            if configuration.pingReply == "pong" { try await connection.pong(Array(text.utf8.prefix(125))) } else { try await connection.send(text: text) }
            counters.add("pingpong_answered")
        } catch {
            logger.debug("PINGPONG answer failed: \(error)")
        }
    }

    /// Sends queued (un)subscribe messages, one per `subscribeGapMilliseconds`.
    private func write(_ outbound: AsyncStream<GatewayState.Outbound>, to connection: WebSocketConnection,
                       approvalKey: String) async -> SessionEnd? {
        for await item in outbound {
            guard state.prepareSend(item) else { continue }
            let request = SubscriptionRequest(approvalKey: approvalKey, action: item.action, trID: item.key.trID,
                                              trKey: item.key.trKey, customerType: configuration.customerType)
            do { try await connection.send(text: request.jsonText) } catch {
                return .failed("send: \(error)")
            }
            counters.add(item.action == .subscribe ? "subscribe_sent" : "unsubscribe_sent")
            // KIS documents no per-message limit, but its samples pace subscribes (protocol.md §6.2).
            if configuration.subscribeGapMilliseconds > 0 {
                do { try await Task.sleep(for: .milliseconds(configuration.subscribeGapMilliseconds)) } catch { return nil }
            }
        }
        return nil
    }

    /// Ends the session after `idleTimeoutSeconds` of silence.
    private func watch(_ activity: ActivityClock) async -> SessionEnd? {
        while true {
            let wait = activity.remaining(at: Self.wallNow())
            do { try await Task.sleep(nanoseconds: UInt64(max(wait, 0.05) * 1e9)) } catch { return nil }
            if activity.isStale(at: Self.wallNow()) { return .idle }
        }
    }

    static func wallNow() -> Double { Date().timeIntervalSince1970 }
}
