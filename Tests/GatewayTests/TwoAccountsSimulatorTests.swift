import Foundation
import Testing
import IPC
import KIS
import Simulator
@testable import Gateway

/// Two KIS accounts (two app keys) against one kis-sim, one gateway each, as `./run --accounts 2`
/// runs them: KIS's limits are per app key, so each account is a session of 41 registrations of
/// its own, and one account's trouble must not touch the other's.
@Suite(.serialized) struct TwoAccountsSimulatorTests {
    static let keys = [String(repeating: "A", count: 36), String(repeating: "B", count: 36)]

    /// One gateway per key of ``keys`` against one kis-sim (`withSimulatorGateways`).
    func withTwoGateways(_ adjust: (inout SimulatorOptions) -> Void = { _ in }, marketTimed: Bool = false,
                         _ body: (KISSimulator, [GatewayHarness], [String]) async throws -> Void) async throws {
        try await withSimulatorGateways(appKeys: Self.keys, adjust, marketTimed: marketTimed, body)
    }

    @Test func twoAccounts_hold82Registrations_neverMoreThan41OnOneSession() async throws {
        // Speed 60: 82 registrations at 600 × make more data than a loaded test client reads.
        try await withTwoGateways({ $0.speed = 60 }) { simulator, gateways, codes in
            #expect(codes.count >= 84)
            for (index, gateway) in gateways.enumerated() {
                // Interleaved, so each account holds liquid and illiquid stocks alike.
                for code in stride(from: index, to: 82, by: 2).map({ codes[$0] }) { #expect(try await gateway.subscribe(code, timeout: 30).result == "ok") }
                // The 42nd on one session is refused by the gateway itself; KIS never sees it.
                #expect(try await gateway.subscribe(codes[83]).result == "slots_full")
            }
            for gateway in gateways {
                try await waitUntil("41 held") { (try await gateway.ledger())?.entries.filter { $0.state == "held" }.count == 41 }
            }
            let statistics = simulator.statistics()
            for key in Self.keys {
                #expect(statistics[key].registrations == 41)
                #expect(statistics[key].registrationRefusals == 0)
                #expect(statistics[key].webSocketSessions == 1)
            }
            #expect(statistics.total.registrations == 82)
            for (index, gateway) in gateways.enumerated() {
                do { try await waitUntil("trades") { gateway.messages.hasTrades } } catch {
                    Issue.record("no trades on account \(index + 1): \(simulator.statistics()[Self.keys[index]]), gateway \(try await gateway.status())")
                }
            }
        }
    }

    @Test func oneKeyLingering_doesNotDelayTheOther() async throws {
        // Account 2's session drops dirty and its app key lingers (OPSP8996) for 600 market s; the
        // gateway backs off 30 market s and more (production settings, on the market clock).
        try await withTwoGateways({ $0.zombieSessionSeconds = 600; $0.speed = 60 }, marketTimed: true) { simulator, gateways, codes in
            for (index, gateway) in gateways.enumerated() {
                for code in stride(from: index, to: 40, by: 2).map({ codes[$0] }) { _ = try await gateway.subscribe(code, timeout: 30) }
            }
            try await waitUntil("ticks on both") { gateways.allSatisfy { $0.messages.hasTrades } }
            simulator.dropWebSocketSessions(dirty: true, appKey: Self.keys[1])
            try await waitUntil("account 2 refused while it lingers", timeout: 30) {
                simulator.statistics()[Self.keys[1]].sessionRefusals >= 1
            }
            #expect(gateways[1].messages.ledgers.contains { !$0.connected })
            // Account 1 meanwhile: the same session, ticks still flowing, a new registration at once.
            let before = gateways[0].messages.tradeBatches
            try await waitUntil("account 1 ticks on") { gateways[0].messages.tradeBatches > before }
            #expect(try await gateways[0].subscribe(codes[60], timeout: 30).result == "ok")
            let status = try await gateways[0].status()
            #expect(status["connected"]?.bool == true)
            #expect(status["reconnects"]?.number == 0)
            let first = simulator.statistics()[Self.keys[0]]
            #expect(first.sessionRefusals == 0 && first.webSocketSessions == 1)
            #expect(try await gateways[0].ledger()?.entries.count == 21)
        }
    }

    @Test func oneGatewayStopped_leavesTheOthersSessionAndRegistrationsUntouched() async throws {
        try await withTwoGateways { simulator, gateways, codes in
            for (index, gateway) in gateways.enumerated() {
                for code in stride(from: index, to: 40, by: 2).map({ codes[$0] }) { _ = try await gateway.subscribe(code, timeout: 30) }
            }
            try await waitUntil("20 held on account 1") { (try await gateways[0].ledger())?.entries.filter { $0.state == "held" }.count == 20 }
            let held = try await gateways[0].ledger()?.entries.map(\.code)
            await gateways[1].stop()
            try await waitUntil("account 2's session gone") { simulator.statistics()[Self.keys[1]].webSocketSessions == 1 && !gateways[1].client.isConnected }
            let before = gateways[0].messages.tradeBatches
            try await waitUntil("account 1 ticks on") { gateways[0].messages.tradeBatches > before }
            #expect(try await gateways[0].ledger()?.entries.map(\.code) == held)
            let status = try await gateways[0].status()
            #expect(status["connected"]?.bool == true && status["reconnects"]?.number == 0)
            #expect(simulator.statistics()[Self.keys[0]].webSocketSessions == 1)
        }
    }
}
