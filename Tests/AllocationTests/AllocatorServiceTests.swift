import Benchmarks
import Foundation
import Testing
@testable import Allocation
import IPC
import System

/// Thread-safe box for what the fake components saw.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var subscribes: [FeedCommand] = []
    private var plans: [PollPlan] = []
    func record(subscribe: FeedCommand) { lock.withLock { subscribes.append(subscribe) } }
    func record(plan: PollPlan) { lock.withLock { plans.append(plan) } }
    var subscribeCount: Int { lock.withLock { subscribes.count } }
    var planCount: Int { lock.withLock { plans.count } }
    var lastPlan: PollPlan? { lock.withLock { plans.last } }
}

/// Polls `condition` every 10 ms until it holds or `timeout` seconds pass.
func eventually(timeout: Double = 10, _ condition: @Sendable () async -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if await condition() { return true }
        try? await Task.sleep(nanoseconds: 10_000_000)
    }
    return await condition()
}

@Suite(.serialized) struct AllocatorServiceTests {
    let logger = Logger(label: "test", level: .critical)

    func startServer(_ path: String, handler: @escaping IPCServer.Handler) async -> Task<Void, any Error> {
        let server = IPCServer(name: "fake", path: path, logger: logger, status: { ("running", [:]) }, handler: handler)
        let task = Task { try await server.run() }
        _ = await eventually { FileManager.default.fileExists(atPath: path) }
        return task
    }

    func fakePoller(_ path: String, _ recorder: Recorder) async -> Task<Void, any Error> {
        await startServer(path) { message, _ in
            guard case .pollPlan(let plan) = message else { return nil }
            recorder.record(plan: plan)
            return .ack(Ack(id: plan.id))
        }
    }

    @Test func allocator_subscribes_sendsThePlan_andResendsItWhenThePollerRestarts() async throws {
        let directory = RunDirectory(path: "/tmp/k41a-\(UInt32.random(in: 0...UInt32.max))")
        try directory.prepare()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let gatewaySeen = Recorder()
        let gateway = await startServer(directory.socketPath(SocketName.gateway)) { message, _ in
            switch message {
            case .ledgerRequest(let request): return .ledger(Ledger(id: request.id, connected: true, capacity: 41, entries: []))
            case .subscribe(let command): gatewaySeen.record(subscribe: command); return .ack(Ack(id: command.id))
            case .unsubscribe(let command): return .ack(Ack(id: command.id))
            default: return nil
            }
        }
        defer { gateway.cancel() }
        let pollerSeen = Recorder()
        var poller = await fakePoller(directory.socketPath(SocketName.poller), pollerSeen)

        let clock = MarketClock.manual(at: marketTime(10, 0))
        let environment = ComponentEnvironment(name: "allocator", runDirectory: directory, clock: clock,
                                               configuration: ConfigurationFile(path: nil, root: [:]), environment: [:], logger: logger)
        var state = AllocatorBenchmark.syntheticState(stocks: 100, now: marketTime(10, 0))
        state.isGatewayUp = false
        state.configuration.decisionIntervalMilliseconds = 20
        state.configuration.commandSpacingMilliseconds = 0
        state.configuration.persistIntervalSeconds = 0.1
        state.configuration.useSignals = false
        let service = AllocatorService(environment: environment, state: state)
        let running = Task { try await service.run() }
        defer { running.cancel() }

        #expect(await eventually { gatewaySeen.subscribeCount == 39 })
        #expect(await eventually { pollerSeen.planCount >= 1 })
        #expect(pollerSeen.lastPlan?.entries.count == 100 - 30)  // leaders: 6 + 24 stocks

        poller.cancel()
        _ = await eventually { !FileManager.default.fileExists(atPath: directory.socketPath(SocketName.poller)) }
        let restartedSeen = Recorder()
        poller = await fakePoller(directory.socketPath(SocketName.poller), restartedSeen)
        defer { poller.cancel() }
        #expect(await eventually { restartedSeen.planCount >= 1 })
        #expect(restartedSeen.lastPlan?.entries == pollerSeen.lastPlan?.entries)

        let client = IPCClient(path: directory.socketPath(SocketName.allocator), hello: Hello(name: "probe"), logger: logger)
        let clientTask = Task { await client.run() }
        defer { clientTask.cancel() }
        #expect(await eventually { client.isConnected })
        guard case .statusReport(let report) = try await client.request(.status(StatusRequest())) else { Issue.record("no status"); return }
        #expect(report.details["slots_used"]?.doubleValue == 39)
        #expect(report.details["window"]?.stringValue == "leaders")
        #expect(report.details["fallback"]?.boolValue == false)
        #expect(report.details["universe_size"]?.doubleValue == 100)
        guard case .ack = try await client.request(.score(ScoreCommand(code: "100001", score: 85.5))) else { Issue.record("score refused"); return }
        guard case .error(let error) = try await client.request(.strategy(StrategyCommand(action: "switch", name: "nope"))) else {
            Issue.record("unknown window accepted"); return
        }
        #expect(error.code == "unknown_strategy")
        #expect(await eventually { FileManager.default.fileExists(atPath: directory.path(AllocatorSnapshot.fileName)) })
    }
}
