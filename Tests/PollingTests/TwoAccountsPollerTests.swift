import Foundation
import Testing
import IPC
import KIS
@testable import Polling
import Simulator
import System

/// rest-poller with two accounts (numbered app keys) against kis-sim, which enforces its REST window
/// and token rule per app key: the calls spread over both keys, neither over its limit, the sum
/// above what one key could do.
@Suite(.serialized) struct TwoAccountsPollerTests {
    static let keys = [String(repeating: "C", count: 36), String(repeating: "D", count: 36)]

    @Test func twoKeys_eachWithinItsOwnWindow_andTheSumAboveOneKeysBudget() async throws {
        // Speed 1: 2 × 18 calls a market second is 36 a wall second, easy on a loaded machine.
        let harness = try SimulatorHarness { $0.speed = 1 }
        let directory = RunDirectory(path: "/tmp/k41p2-\(UInt32.random(in: 0...UInt32.max))")
        try directory.prepare()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let secret = String(repeating: "s", count: 180)
        let environment = ComponentEnvironment(
            name: "rest-poller", runDirectory: directory, clock: harness.simulator.clock,
            configuration: ConfigurationFile(path: nil, root: [:]),
            environment: ["KIS_APP_KEY_1": Self.keys[0], "KIS_APP_SECRET_1": secret,
                          "KIS_APP_KEY_2": Self.keys[1], "KIS_APP_SECRET_2": secret, "KIS_ACCOUNT_NAME_2": "second",
                          "KIS41_REST_URL": harness.simulator.restURL, "KIS41_STATE_DIR": directory.path("state")],
            logger: Logger(label: "test-poller", level: .critical))
        let service = try PollerService(environment: environment)
        #expect(service.engine.clients.count == 2)
        let serving = Task { try await service.run() }
        defer { serving.cancel() }

        // Both keys busy (each has its token and has called), then a measured stretch of market time.
        try await Self.waitUntil({ "calls per key: \(Self.keys.map { harness.simulator.statistics()[$0] })" }) {
            Self.keys.allSatisfy { harness.simulator.statistics()[$0].restCalls > 20 }
        }
        let start = harness.simulator.clock.now()
        let before = Self.keys.map { harness.simulator.statistics()[$0].restCalls }
        try await Self.waitUntil({ "market clock at \(harness.simulator.clock.now() - start) s" }) { harness.simulator.clock.now() - start >= 5 }
        let elapsed = harness.simulator.clock.now() - start
        let statistics = harness.simulator.statistics()
        let calls = zip(Self.keys, before).map { Double(statistics[$0.0].restCalls - $0.1) }
        for key in Self.keys {
            #expect(statistics[key].limitViolations == 0, "key …\(key.prefix(1)) over its window")
            #expect(statistics[key].tokensIssued == 1, "one token per key")
            #expect(statistics[key].tokenRefusals == 0)
        }
        // kis-sim admits at most 18 a market second per key; above one key's 18, the sum used both.
        #expect(calls.allSatisfy { $0 > 0 })
        #expect(calls.reduce(0, +) / elapsed > 18, "calls per key \(calls) over \(elapsed) market s")

        let details = await service.engine.statusDetails()
        guard case .array(let accounts)? = details["accounts"] else { Issue.record("no accounts in status"); return }
        #expect(accounts.compactMap { $0["account"]?.stringValue } == ["1", "second"])
        #expect(details["limit_per_s"]?.doubleValue == 36)
        let text = "\(details)"
        #expect(!text.contains(secret) && !Self.keys.contains { text.contains($0) }, "a secret in status")
        await harness.stop()
    }

    static func waitUntil(timeout: Double = 120, _ state: () -> String, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        Issue.record("condition not met within \(timeout) s: \(state())")
        throw CancellationError()
    }
}
