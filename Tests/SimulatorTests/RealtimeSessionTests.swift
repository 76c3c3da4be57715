import Foundation
import KIS
import Net
import Testing
@testable import Simulator

@Suite(.serialized) struct RealtimeSessionTests {
    @Test func registrations_41Accepted_42ndRefusedWithOPSP0008_duplicatesAndUnknownsRefused() async throws {
        let sim = try SimulatorHarness()
        defer { Task { await sim.stop() } }
        let approval = try await sim.approvalKey()
        let ws = try await sim.connect()
        let codes = SimulatedUniverse(seed: 41, scale: 0.05).listings.prefix(40).map(\.code)
        var acks: [SubscriptionResponse] = []
        for code in codes { acks.append(try await SimulatorHarness.request(ws, approval: approval, trID: "H0STCNT0", trKey: code)) }
        acks.append(try await SimulatorHarness.request(ws, approval: approval, trID: "H0UPCNT0", trKey: "0001"))
        #expect(acks.allSatisfy { $0.messageCode == "OPSP0000" && $0.output?.iv.count == 16 && $0.output?.key.count == 32 })
        let over = try await SimulatorHarness.request(ws, approval: approval, trID: "H0STASP0", trKey: codes[0])
        let overFixture = try Fixtures.line("ws_max_subscribe_over_OPSP0008_thirdparty_test.json")
            .replacingOccurrences(of: "000660", with: codes[0])
        #expect(over.messageCode == "OPSP0008" && over.jsonText == overFixture)
        let duplicate = try await SimulatorHarness.request(ws, approval: approval, trID: "H0STCNT0", trKey: codes[0])
        #expect(duplicate.messageCode == "OPSP0002")
        let removed = try await SimulatorHarness.request(ws, approval: approval, trID: "H0STCNT0", trKey: codes[0], action: .unsubscribe)
        #expect(removed.messageCode == "OPSP0001")
        let again = try await SimulatorHarness.request(ws, approval: approval, trID: "H0STCNT0", trKey: codes[0], action: .unsubscribe)
        #expect(again.messageCode == "OPSP0003")
        let refill = try await SimulatorHarness.request(ws, approval: approval, trID: "H0STASP0", trKey: codes[0])
        #expect(refill.messageCode == "OPSP0000")
        let bad = try await SimulatorHarness.request(ws, approval: "not-a-key", trID: "H0STCNT0", trKey: codes[1])
        #expect(bad.messageCode == "OPSP0011" && bad.message == "invalid approval : not-a-key")
        let stats = sim.simulator.statistics()[SimulatorHarness.appKey]
        #expect(stats.registrations == 42 && stats.registrationRefusals == 1 && stats.webSocketSessions == 1)
        await ws.close()
    }

    @Test func dataFrames_carryWholeRecords_46_59_30Fields() async throws {
        let sim = try SimulatorHarness(SimulatorHarness.options(speed: 5))
        defer { Task { await sim.stop() } }
        let approval = try await sim.approvalKey()
        let ws = try await sim.connect()
        for (tr, key) in [("H0STCNT0", "005930"), ("H0STASP0", "005930"), ("H0UPCNT0", "0001")] {
            #expect(try await SimulatorHarness.request(ws, approval: approval, trID: tr, trKey: key).messageCode == "OPSP0000")
        }
        var fieldsPerRecord: [String: Set<Int>] = [:]
        var sawBatch = false
        // A bound on waiting, not on speed: a feed that never batches fails instead of hanging.
        let deadline = Date().addingTimeInterval(120)
        while fieldsPerRecord.count < 3 || !sawBatch {
            guard Date() < deadline else { Issue.record("no batched frame, or not every TR, within 120 s: \(fieldsPerRecord)"); break }
            guard let text = try await ws.receive().text, TextFrameKind.classify(text) == .dataFrame else { continue }
            let parts = text.split(separator: "|", maxSplits: 3, omittingEmptySubsequences: false)
            let count = try #require(Int(parts[2]))
            let fields = parts[3].split(separator: "^", omittingEmptySubsequences: false).count
            #expect(fields % count == 0)
            fieldsPerRecord[String(parts[1]), default: []].insert(fields / count)
            if count > 1 { sawBatch = true }
            let parsed = try DataFrameParser().parse(text)
            #expect(parsed.malformedCount == 0 && parsed.records.count == count)
        }
        #expect(fieldsPerRecord == ["H0STCNT0": [46], "H0STASP0": [59], "H0UPCNT0": [30]])
        #expect(sim.simulator.statistics()[SimulatorHarness.appKey].recordsSent > 0)
        await ws.close()
    }

    @Test func executionNotice_isEncryptedWithTheAckKey_andDecryptsWithNoticeCipher() async throws {
        let sim = try SimulatorHarness(SimulatorHarness.options(speed: 10))
        defer { Task { await sim.stop() } }
        let approval = try await sim.approvalKey()
        let ws = try await sim.connect()
        let ack = try await SimulatorHarness.request(ws, approval: approval, trID: "H0STCNI0", trKey: "HTSUSER")
        let material = try #require(ack.output)
        while true {
            guard let text = try await ws.receive().text, text.hasPrefix("1|H0STCNI0|001|") else { continue }
            let plaintext = try NoticeCipher(key: material.key, iv: material.iv).decrypt(base64: String(text.dropFirst(15)))
            let fields = plaintext.split(separator: "^", omittingEmptySubsequences: false)
            #expect(fields.count >= 25 && fields[0] == "HTSUSER")
            break
        }
        await ws.close()
    }

    @Test func secondSession_getsOPSP8996_andAZombieLingersAfterADirtyDrop() async throws {
        var options = SimulatorHarness.options(speed: 1)
        options.zombieSessionSeconds = 1
        let sim = try SimulatorHarness(options)
        defer { Task { await sim.stop() } }
        let approval = try await sim.approvalKey()
        let first = try await sim.connect()
        #expect(try await SimulatorHarness.request(first, approval: approval, trID: "H0STCNT0", trKey: "005930").messageCode == "OPSP0000")
        let second = try await sim.connect()
        let refused = try await SimulatorHarness.request(second, approval: approval, trID: "H0STCNT0", trKey: "000660")
        let inUseFixture = try Fixtures.line("ws_already_in_use_appkey_OPSP8996.json")
        #expect(refused.jsonText == inUseFixture)
        sim.simulator.dropWebSocketSessions(dirty: true)
        // The first connection ends without a close frame.
        var endedDirty = false
        do { while true { if case .close = try await first.receive() { break } } } catch { endedDirty = true }
        #expect(endedDirty)
        let third = try await sim.connect()
        #expect(try await SimulatorHarness.request(third, approval: approval, trID: "H0STCNT0", trKey: "005930").messageCode == "OPSP8996")
        // After the zombie period (1 market second) the app key is free again.
        let freed = try await SimulatorHarness.eventually {
            let ws = try await sim.connect()
            let code = try await SimulatorHarness.request(ws, approval: approval, trID: "H0STCNT0", trKey: "005930").messageCode
            await ws.close()
            return code == "OPSP0000"
        }
        #expect(freed)
    }

    @Test func pingPong_dropsASessionAfterMUnanswered_butNotOneThatEchoes() async throws {
        var options = SimulatorHarness.options(speed: 1)
        options.pingIntervalSeconds = 0.1
        options.maxUnansweredPings = 2
        let sim = try SimulatorHarness(options)
        defer { Task { await sim.stop() } }
        let approval = try await sim.approvalKey()
        let silent = try await sim.connect()
        _ = try await SimulatorHarness.request(silent, approval: approval, trID: "H0STCNT0", trKey: "005930")
        var pings = 0
        do {
            while true {
                let message = try await silent.receive()
                if case .close = message { break }
                if let text = message.text, text.contains("PINGPONG") { pings += 1 }
            }
        } catch {}
        #expect(pings == 2)
        // An echoing client survives many intervals.
        let other = "PSTESTCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"
        let echoing = try await sim.connect()
        _ = try await SimulatorHarness.request(echoing, approval: try await sim.approvalKey(appKey: other), trID: "H0STCNT0", trKey: "005930")
        var echoed = 0
        while echoed < 6 {
            guard let text = try await echoing.receive().text, text.contains("PINGPONG") else { continue }
            #expect(text.hasPrefix(#"{"header":{"tr_id":"PINGPONG","datetime":"20261125"#))
            try await echoing.send(text: text)
            echoed += 1
        }
        #expect(echoing.isOpen)
        await echoing.close()
    }
}
