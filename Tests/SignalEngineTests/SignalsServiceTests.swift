import Benchmarks
import Foundation
import Testing
import IPC
@testable import SignalEngine
import System

@Suite(.serialized) struct SignalsServiceTests {
    /// Every stock traded 500,000 shares the previous day (the master files' figure): 1,200,000
    /// shares is a volume breakout (×2.4), 900,000 is not.
    static let profile: @Sendable (String) -> StockProfile? = { _ in StockProfile(market: "KOSPI", previousDayVolume: 500_000) }
    let logger = Logger(label: "test", level: .critical)

    @Test func reportSecond_readsReportAt_andRejectsAnythingButHHMM() throws {
        var evaluation = SignalsConfiguration.Evaluation()
        #expect(try evaluation.reportSecond() == 15.5 * 3600)
        evaluation.reportAt = "14:05"
        #expect(try evaluation.reportSecond() == 14 * 3600 + 300)
        for bad in ["15h30", "25:00", "15:30:00", ""] {
            evaluation.reportAt = bad
            let error = #expect(throws: ExitError.self) { try evaluation.reportSecond() }
            #expect(error?.code == .configuration)
        }
    }

    @Test func tradeFromAFakeGateway_reachesASubscriber_asASignal_andIsJournaled() async throws {
        let directory = RunDirectory(path: "/tmp/k41s-\(UInt32.random(in: 0...UInt32.max))")
        try directory.prepare()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let gateway = IPCServer(name: "ws-gateway", path: directory.socketPath(SocketName.gateway), logger: logger,
                                status: { ("running", [:]) }, handler: { _, _ in nil })
        let hints = LatencySamples()
        let allocator = IPCServer(name: "allocator", path: directory.socketPath(SocketName.allocator), logger: logger,
                                  status: { ("running", [:]) }, handler: { message, _ in
                                      if case .emergency(let command) = message { hints.add(command.priority); return .ack(Ack(id: command.id)) }
                                      if case .score(let command) = message { return .ack(Ack(id: command.id)) }
                                      return nil
                                  })
        let clock = MarketClock.manual(at: at(10, 0))
        let environment = ComponentEnvironment(name: "signals", runDirectory: directory, clock: clock,
                                               configuration: ConfigurationFile(path: nil, root: [:]), environment: [:], logger: logger)
        let service = SignalsService(environment: environment, configuration: SignalsConfiguration(), profileLookup: Self.profile)
        let received = Box<[TradeSignal]>([])
        let subscriber = IPCClient(path: directory.socketPath(SocketName.signals), hello: Hello(name: "probe", topics: ["signal"]),
                                   logger: logger, onMessage: { message in
                                       if case .signal(let signal) = message { received.mutate { $0.append(signal) } }
                                   })
        // A relay (as `kisctl tap signal`) gets the frame bodies as they were encoded.
        let relayed = Box<[[UInt8]]>([])
        let relay = IPCClient(path: directory.socketPath(SocketName.signals), hello: Hello(name: "relay", topics: ["signal"]),
                              logger: logger, onPublishedBody: { body in relayed.mutate { $0.append(body) } })
        let tasks = [Task { try await gateway.run() }, Task { try await allocator.run() },
                     Task { try await service.run() }, Task { await subscriber.run() }, Task { await relay.run() }]
        defer { tasks.forEach { $0.cancel() } }
        #expect(await until { subscriber.isConnected && relay.isConnected && gateway.connectedPeers.contains { $0.topics.contains(.trade) }
                                && allocator.connectedPeers.contains { $0.topics.contains(.allocation) } })

        var trade = Tick(price: 10_100, open: 10_050, volume: 1_200_000).trade
        trade.receivedAt = Date().timeIntervalSince1970
        gateway.publish(.trades([Tick(price: 10_100, open: 10_050, volume: 900_000).trade, trade]))
        #expect(await until { !received.get.isEmpty })
        let signal = try #require(received.get.first)
        #expect(signal.kind == .volumeBreakout && signal.code == "005930" && signal.source == .websocket)
        #expect(signal.receivedAt == trade.receivedAt && signal.time == "2026-11-25T10:00:00+09:00")
        // 1.2× the threshold: 75 + 20·log2 1.2 ≈ 80, an emergency for the allocator.
        #expect(await until { hints.count == 1 })
        #expect(hints.values == [80])

        // Journal and report on disk; status counts per kind and window.
        let journal = directory.path("signals.jsonl")
        #expect(await until { SignalJournal.read(path: journal).count == 1 })
        // One encoding: the journal's line is the socket's frame body, byte for byte, and `tap` writes it as it is.
        #expect(await until { relayed.get.count == 1 })
        let line = try #require(relayed.get.first)
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == Data(line + [10]))
        #expect(PublishedLines.lines(of: line).map(Array.init) == [line])
        let report = try await service.writeReport()
        #expect(report.total.count == 1 && FileManager.default.fileExists(atPath: directory.path("signal-report.json")))
        let status = await service.server.statusReport(id: "s")
        #expect(status.details["signals"]?["by_kind"]?["volume_breakout"]?.doubleValue == 1)
        #expect(status.details["signals"]?["by_window"]?["leaders"]?.doubleValue == 1)
        #expect(status.details["evaluation"]?["inputs"]?.doubleValue == 2)
        // Stop everything before the directory goes (the service writes its report on the way out).
        tasks.forEach { $0.cancel() }
        for task in tasks { _ = await task.result }
    }

    @Test func aRestartedService_resumesTheDayFromTheSnapshotItLeft() async throws {
        let directory = RunDirectory(path: "/tmp/k41s-\(UInt32.random(in: 0...UInt32.max))")
        try directory.prepare()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let gateway = IPCServer(name: "ws-gateway", path: directory.socketPath(SocketName.gateway), logger: logger,
                                status: { ("running", [:]) }, handler: { _, _ in nil })
        let clock = MarketClock.manual(at: at(10, 0))
        let environment = ComponentEnvironment(name: "signals", runDirectory: directory, clock: clock,
                                               configuration: ConfigurationFile(path: nil, root: [:]), environment: [:], logger: logger)
        // Persisting only on the way out: the snapshot is the graceful shutdown's.
        var configuration = SignalsConfiguration()
        configuration.persistIntervalSeconds = 3600
        let service = SignalsService(environment: environment, configuration: configuration, profileLookup: Self.profile)
        let shutdown = GracefulShutdown()
        let running = Task { try await shutdown.bind { try await service.run() } }
        let tasks = [Task { try await gateway.run() }]
        defer { tasks.forEach { $0.cancel() }; running.cancel() }
        #expect(await until { gateway.connectedPeers.contains { $0.topics.contains(.trade) } })
        gateway.publish(.trades([Tick(price: 10_100, open: 10_050, volume: 900_000).trade,
                                 Tick(price: 10_100, open: 10_050, volume: 1_200_000).trade]))
        #expect(await until { await details(service)["signals"]?["total"]?.doubleValue == 1 })
        shutdown.begin()
        try await running.value
        #expect(FileManager.default.fileExists(atPath: directory.path(SignalsSnapshot.fileName)), "no snapshot on a graceful stop")
        #expect(FileManager.default.fileExists(atPath: directory.path("signal-report.json")), "no report on a graceful stop")
        tasks.forEach { $0.cancel() }
        for task in tasks { _ = await task.result }

        // The next process of the same session carries on: the stock, its counters, its fired breakout.
        clock.advance(by: 5)
        let restarted = await details(SignalsService(environment: environment, configuration: SignalsConfiguration(), profileLookup: Self.profile))
        #expect(restarted["stocks"]?.doubleValue == 1 && restarted["signals"]?["total"]?.doubleValue == 1)

        // A new kis-sim session replays the day from its start: the snapshot is from its future.
        let earlier = ComponentEnvironment(name: "signals", runDirectory: directory, clock: MarketClock.manual(at: at(8, 50)),
                                           configuration: ConfigurationFile(path: nil, root: [:]), environment: [:], logger: logger)
        #expect(await details(SignalsService(environment: earlier, configuration: SignalsConfiguration(), profileLookup: Self.profile))["stocks"]?.doubleValue == 0)

        // A damaged snapshot is reported and ignored.
        try Data("{".utf8).write(to: URL(fileURLWithPath: directory.path(SignalsSnapshot.fileName)))
        #expect(await details(SignalsService(environment: environment, configuration: SignalsConfiguration(), profileLookup: Self.profile))["stocks"]?.doubleValue == 0)
    }

    /// A cancelled service (no graceful shutdown) writes nothing on the way out: final persistence is the graceful path's.
    @Test func aCancelledService_leavesNoFinalSnapshot() async throws {
        let directory = RunDirectory(path: "/tmp/k41s-\(UInt32.random(in: 0...UInt32.max))")
        try directory.prepare()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let environment = ComponentEnvironment(name: "signals", runDirectory: directory, clock: MarketClock.manual(at: at(10, 0)),
                                               configuration: ConfigurationFile(path: nil, root: [:]), environment: [:], logger: logger)
        var configuration = SignalsConfiguration()
        configuration.persistIntervalSeconds = 3600
        let service = SignalsService(environment: environment, configuration: configuration, profileLookup: Self.profile)
        let running = Task { try await service.run() }
        #expect(await until { FileManager.default.fileExists(atPath: directory.socketPath(SocketName.signals)) })
        running.cancel()
        _ = await running.result
        #expect(!FileManager.default.fileExists(atPath: directory.path(SignalsSnapshot.fileName)))
    }

    func details(_ service: SignalsService) async -> [String: JSONValue] {
        await service.server.statusReport(id: "s").details
    }

    func until(_ timeout: Double = 5, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !(await condition()), Date() < deadline { try? await Task.sleep(nanoseconds: 10_000_000) }
        return await condition()
    }

    @Test func latencyBenchmark_runsEndToEnd() async throws {
        let samples = try await SignalsBenchmark.latencySamples(ticksPerSecond: 1_000, seconds: 0.3)
        #expect(samples.count >= 5)
        #expect(samples.allSatisfy { $0 >= 0 && $0 < 1_000 })
    }
}

/// A thread-safe box for tests.
final class Box<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    var get: Value { lock.withLock { value } }
    func mutate(_ body: (inout Value) -> Void) { lock.withLock { body(&value) } }
}
