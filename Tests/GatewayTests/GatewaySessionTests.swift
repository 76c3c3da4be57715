import Foundation
import Testing
import IPC
import KIS
@testable import Gateway

/// The gateway against ``FakeKISServer`` over real sockets: ledger, answers, PINGPONG, drops,
/// OPSP8996, malformed frames, encrypted notices.
@Suite(.serialized) struct GatewaySessionTests {
    func withGateway(_ configureServer: (FakeKISServer) -> Void = { _ in },
                     configure: (inout GatewayConfiguration) -> Void = { _ in },
                     _ body: (FakeKISServer, GatewayHarness) async throws -> Void) async throws {
        let server = try FakeKISServer()
        configureServer(server)
        server.start()
        let harness = try GatewayHarness(restURL: server.restURL, webSocketURL: server.webSocketURL, configure: configure)
        try await harness.start()
        do {
            try await waitUntil("session open") { server.isSessionOpen }
            try await body(server, harness)
        } catch {
            await harness.stop(); server.stop(); throw error
        }
        await harness.stop()
        server.stop()
    }

    static func tradeFrame(_ codes: [String], price: Int = 71900) -> String {
        DataFrameEncoder().encodeString(trID: RealtimeTR.trade, records: codes.map {
            .trade(TradeRecord(code: $0, time: "093354", price: price, change: -100, changeRate: -0.14, volume: 1, cumulativeVolume: 10))
        })
    }

    static func code(_ index: Int) -> String { String(format: "%06d", index) }

    @Test func subscribe41_acceptsAll_andRefuses42ndLocally_withoutSendingIt() async throws {
        try await withGateway { server, gateway in
            for index in 1...40 { #expect(try await gateway.subscribe(Self.code(index)).result == "ok") }
            let notice = try await gateway.subscribe("", .notice)
            #expect(notice.result == "ok" && notice.detail == "OPSP0000")
            let refused = try await gateway.subscribe(Self.code(42))
            #expect(refused.result == "slots_full")
            #expect(server.with { $0.subscribeRequests } == 41)
            #expect(server.registered.count == 41)
            let ledger = try #require(try await gateway.ledger())
            #expect(ledger.connected && ledger.capacity == 41 && ledger.entries.count == 41)
            #expect(ledger.entries.allSatisfy { $0.state == "held" })
            #expect(try await gateway.status()["slots"]?.string == "41/41")
        }
    }

    @Test func duplicatesAndUnknownUnsubscribes_areAnsweredWithoutTroublingKIS() async throws {
        try await withGateway { server, gateway in
            #expect(try await gateway.subscribe("005930").result == "ok")
            #expect(try await gateway.subscribe("005930").result == "duplicate")
            #expect(try await gateway.subscribe("005930", .orderbook).result == "ok")
            let unknown = try await gateway.unsubscribe("000660")
            #expect(unknown.result == "ok" && unknown.detail == "not_subscribed")
            #expect(server.with { ($0.subscribeRequests, $0.unsubscribeRequests) } == (2, 0))
            let released = try await gateway.unsubscribe("005930")
            #expect(released.result == "ok" && released.detail == "OPSP0001")
            #expect(server.registered == [SlotKey(trID: "H0STASP0", trKey: "005930")])
            #expect(try await gateway.ledger()?.entries.map(\.feed) == [.orderbook])
        }
    }

    @Test func pingPong_isAnsweredForAnHourOfTenSecondHeartbeats() async throws {
        // 360 heartbeats = one market hour at KIS's ~10 s interval, compressed to 5 ms each.
        try await withGateway({ $0.pingIntervalSeconds = 0.005 }) { server, gateway in
            try await waitUntil("360 pings") { server.with { $0.pingsSent } >= 360 }
            try await waitUntil("answers catch up") { server.with { $0.pingsAnswered >= 360 } }
            #expect(server.with { $0.sessionsAccepted } == 1)
            #expect((try await gateway.status()["pingpong_answered"]?.number ?? 0) >= 360)
        }
    }

    @Test func pingPong_canBeAnsweredWithAPongFrame() async throws {
        try await withGateway({ $0.pingIntervalSeconds = 0.01 }, configure: { $0.pingReply = "pong" }) { server, _ in
            try await waitUntil("pongs") { server.with { $0.pingsAnswered } >= 5 }
        }
    }

    @Test(arguments: [false, true])
    func sessionDrop_reRegistersTheLedger_andTicksFlowAgain(dirty: Bool) async throws {
        try await withGateway { server, gateway in
            let codes = (1...20).map(Self.code)
            for code in codes { _ = try await gateway.subscribe(code); _ = try await gateway.subscribe(code, .orderbook) }
            try await server.push(Self.tradeFrame(codes))
            try await waitUntil("first ticks") { gateway.messages.trades.count == 20 }

            await server.drop(dirty: dirty)
            try await waitUntil("disconnected ledger published") { gateway.messages.ledgers.contains { !$0.connected } }
            try await waitUntil("re-registered") { server.registered.count == 40 }
            try await waitUntil("recovered") { (try await gateway.ledger())?.lastOutageSeconds != nil }
            let ledger = try #require(try await gateway.ledger())
            #expect(ledger.connected && ledger.entries.count == 40 && ledger.entries.allSatisfy { $0.state == "held" })
            #expect(Set(server.registered.map(\.trKey)) == Set(codes))
            #expect((ledger.lastOutageSeconds ?? -1) >= 0)

            try await server.push(Self.tradeFrame(codes, price: 72000))
            try await waitUntil("ticks again") { gateway.messages.trades.filter { $0.price == 72000 }.count == 20 }
            let status = try await gateway.status()
            #expect(status["reconnects"]?.number == 1)
            #expect(status["last_outage_s"]?.number != nil)
            #expect(status["last_session_end"]?.string?.isEmpty == false)
        }
    }

    @Test func appKeyInUse_backsOff_thenConnects() async throws {
        try await withGateway({ $0.appKeyInUseRefusals = 0 }) { server, gateway in
            _ = try await gateway.subscribe("005930")
            server.with { $0.appKeyInUseRefusals = 2 }
            await server.drop(dirty: true)
            try await waitUntil("refusals used up and reconnected") {
                server.with { $0.appKeyInUseRefusals == 0 && $0.sessionsAccepted == 2 } && server.registered.count == 1
            }
            // Two OPSP8996 sessions plus the dropped one ended; the second session holds the ledger.
            let status = try await gateway.status()
            #expect((status["session_ends"]?.number ?? 0) >= 3)
            #expect(try await gateway.ledger()?.entries.first?.state == "held")
            #expect(server.with { $0.approvalsIssued } >= 4)
        }
    }

    @Test func malformedFrames_areCounted_andTheConnectionKept() async throws {
        try await withGateway { server, gateway in
            _ = try await gateway.subscribe("005930")
            let good = Self.tradeFrame(["005930"])
            try await server.push("0|H0STCNT0|001|005930^093354^NOTANUMBER" + String(repeating: "^1", count: 43))
            try await server.push("0|H0STCNT0|abc|xyz")
            try await server.push("1|H0STCNI0|001|!!!not-base64!!!")
            try await server.push("0|H0STCNT0|002|" + good.split(separator: "|", maxSplits: 3)[3] + "^005930^1^2")
            try await server.push(good)
            try await waitUntil("good tick delivered") { gateway.messages.trades.count >= 2 }
            let status = try await gateway.status()
            #expect((status["parse_errors"]?.number ?? 0) >= 4)
            #expect(status["connected"]?.bool == true)
            #expect(server.with { $0.sessionsAccepted } == 1)
        }
    }

    @Test func encryptedNotice_isDecryptedWithTheAckKeyMaterial() async throws {
        try await withGateway { server, gateway in
            #expect(try await gateway.subscribe("", .notice).result == "ok")
            let plaintext = try Fixture.line("h0stcni0_decrypted_fill_doc.txt")
            try await server.push(DataFrameEncoder().encodeEncrypted(trID: "H0STCNI0", count: 1,
                                                                     base64Payload: try server.cipher.encrypt(plaintext)))
            try await waitUntil("notice") { !gateway.messages.notices.isEmpty }
            #expect(gateway.messages.notices.first?.price == 3190 && gateway.messages.notices.first?.isFill == true)
        }
    }
}
