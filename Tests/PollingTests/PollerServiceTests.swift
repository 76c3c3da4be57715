import Foundation
import Testing
import IPC
import KIS
@testable import Polling
import Simulator
import System

/// `PollerService` over its socket: plan acknowledged, quotes published, status filled in.
@Suite(.serialized) struct PollerServiceTests {
    @Test func service_acksThePlan_publishesQuotes_andReportsStatus() async throws {
        let harness = try SimulatorHarness()
        let directory = RunDirectory(path: "/tmp/k41p-\(UInt32.random(in: 0...UInt32.max))")
        try directory.prepare()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let credentials = SimulatorHarness.credentials
        let environment = ComponentEnvironment(
            name: "rest-poller", runDirectory: directory, clock: harness.simulator.clock,
            configuration: ConfigurationFile(path: nil, root: [:]),
            environment: ["KIS_APP_KEY": credentials.appKey, "KIS_APP_SECRET": credentials.appSecret,
                          "KIS41_REST_URL": harness.simulator.restURL, "KIS41_STATE_DIR": directory.path("state")],
            logger: Logger(label: "test-poller", level: .critical))
        let service = try PollerService(environment: environment)
        let serving = Task { try await service.run() }
        let quotes = QuoteTally()
        let client = IPCClient(path: directory.socketPath(SocketName.poller), hello: Hello(name: "test", topics: ["quote"]),
                               logger: Logger(label: "test", level: .critical),
                               onMessage: { if case .quotes(let batch) = $0 { quotes.add(batch.map(\.code)) } })
        let connecting = Task { await client.run() }
        defer { connecting.cancel(); serving.cancel() }
        var connected = false
        for _ in 0..<500 where !connected { connected = client.isConnected; if !connected { try await Task.sleep(nanoseconds: 10_000_000) } }
        #expect(connected)

        let plan = PollPlan(generation: 1, entries: [PollPlanEntry(code: "005930", priority: .critical, intervalSeconds: 1, reason: "test")])
        let reply = try await client.request(.pollPlan(plan))
        guard case .ack = reply else { Issue.record("plan reply \(reply)"); return }
        var sawPlanned = false
        for _ in 0..<1_000 where !sawPlanned { sawPlanned = quotes.has("005930"); if !sawPlanned { try await Task.sleep(nanoseconds: 10_000_000) } }
        #expect(sawPlanned)

        // Status figures are refreshed once a second: wait for the one that has seen the plan.
        var status = StatusReport(id: "", component: "", state: "", uptimeSeconds: 0, details: [:])
        for _ in 0..<300 where status.details["plan_generation"]?.doubleValue != 1 {
            if case .statusReport(let report) = try await client.request(.status(StatusRequest())) { status = report }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        #expect(status.details["plan_generation"]?.doubleValue == 1)
        #expect((status.details["quotes_published"]?.doubleValue ?? 0) > 0)
        #expect(status.details["limit_per_s"]?.doubleValue == 18)
        await harness.stop()
    }
}

/// Codes seen in published quote batches.
final class QuoteTally: @unchecked Sendable {
    private let lock = NSLock()
    private var codes = Set<String>()
    func add(_ batch: [String]) { lock.withLock { codes.formUnion(batch) } }
    func has(_ code: String) -> Bool { lock.withLock { codes.contains(code) } }
}
