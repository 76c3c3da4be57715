import Foundation
import Testing
import IPC
import System
import KIS
import Simulator
@testable import Gateway

/// The gateway's half of a session archive (issue 18) against kis-sim: every inbound text frame
/// kept, and no credential, approval key or notice key/iv in any archive byte.
@Suite(.serialized) struct RecordingTests {
    @Test func aRecordedSession_keepsTheFrames_andNoSecret() async throws {
        var options = SimulatorOptions()
        options.speed = 600
        options.start = "09:05"
        options.universeScale = 0.05
        let simulator = try KISSimulator(options: options)
        let running = Task { try? await simulator.run() }
        let archiveDirectory = "/tmp/kis41-rec-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: archiveDirectory) }
        let archive = try WireArchiveWriter(directory: archiveDirectory, component: "ws-gateway", logger: Logger(label: "t", level: .critical))
        let codes = SimulatedUniverse(seed: options.seed, scale: options.universeScale).listings.map(\.code)
        let harness = try GatewayHarness(restURL: simulator.restURL, webSocketURL: simulator.webSocketURL, archive: archive)
        try await harness.start()
        #expect(try await harness.subscribe(codes[0]).result == "ok")
        #expect(try await harness.subscribe("", .notice).result == "ok")
        try await waitUntil("trades") { !harness.messages.trades.isEmpty }
        await harness.stop()
        simulator.shutdown(); running.cancel(); await finish(running)
        archive.flush()

        let contents = try WireArchiveReader.read(directory: URL(fileURLWithPath: archiveDirectory))
        let frames = contents.records.compactMap { if case .webSocket(let frame) = $0 { frame.text } else { nil } }
        #expect(frames.contains { $0.hasPrefix("0|H0STCNT0|") }, "data frames recorded")
        #expect(frames.contains { $0.contains("OPSP0000") }, "control answers recorded")
        let notice = try #require(frames.first { $0.contains("H0STCNI") && $0.contains("OPSP0000") })
        #expect(notice.contains(WireScrubber.redacted))
        let bytes = try WireArchiveReader.segments(in: URL(fileURLWithPath: archiveDirectory))
            .map { try String(decoding: Data(contentsOf: $0), as: UTF8.self) }.joined()
        for secret in [GatewayHarness.appKey, GatewayHarness.appSecret] { #expect(!bytes.contains(secret)) }
        #expect(!bytes.contains("approval_key"))
        // The notice key is 32 characters and the iv 16: none survives under `key`/`iv`.
        #expect(bytes.range(of: #"\\"(key|iv)\\":\\"[A-Za-z0-9]{16,}"#, options: .regularExpression) == nil)
    }
}

/// kis-sim serving a recording (issue 18): a gateway that registers a recorded stock gets the
/// recorded trades again, in order; a stock it did not register sends nothing.
@Suite(.serialized) struct ReplayTests {
    /// The cumulative volume makes a trade unique within a stock's day.
    struct TradeKey: Hashable { var code: String; var time: String; var price: Int; var cumulativeVolume: Int }

    @Test func aReplayedSession_sendsTheRecordedTrades_forWhatIsRegistered() async throws {
        var options = SimulatorOptions()
        options.speed = 300
        options.start = "09:05"
        options.universeScale = 0.05
        let archiveDirectory = "/tmp/kis41-replay-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: archiveDirectory) }
        let codes = SimulatedUniverse(seed: options.seed, scale: options.universeScale).listings.map(\.code)

        // The original session: two stocks' trades, recorded.
        let original = try KISSimulator(options: options)
        let running = Task { try? await original.run() }
        let archive = try WireArchiveWriter(directory: archiveDirectory, component: "ws-gateway", logger: Logger(label: "t", level: .critical))
        let recorder = try GatewayHarness(restURL: original.restURL, webSocketURL: original.webSocketURL, clock: original.clock, archive: archive)
        try await recorder.start()
        #expect(try await recorder.subscribe(codes[0]).result == "ok")
        #expect(try await recorder.subscribe(codes[1]).result == "ok")
        try await waitUntil("trades of both") { Set(recorder.messages.trades.map(\.code)).count == 2 && recorder.messages.trades.count > 40 }
        let recorded = recorder.messages.trades.map { TradeKey(code: $0.code, time: $0.time, price: $0.price, cumulativeVolume: $0.cumulativeVolume) }
        await recorder.stop()
        original.shutdown(); running.cancel(); await finish(running)
        archive.flush()

        // The replay: only the first stock registered.
        var replayOptions = SimulatorOptions()
        // From a minute before the recording, slowly enough to register before its first frame.
        replayOptions.speed = 20
        replayOptions.start = "09:05"
        replayOptions.isStartGiven = true
        replayOptions.universeScale = 0.05
        replayOptions.replayArchive = archiveDirectory
        let replay = try KISSimulator(options: replayOptions)
        let replaying = Task { try? await replay.run() }
        let viewer = try GatewayHarness(restURL: replay.restURL, webSocketURL: replay.webSocketURL)
        try await viewer.start()
        #expect(try await viewer.subscribe(codes[0]).result == "ok")
        let first = recorded.filter { $0.code == codes[0] }
        try await waitUntil("the recorded trades again", timeout: 30) { viewer.messages.trades.count >= first.count }
        let replayed = viewer.messages.trades.map { TradeKey(code: $0.code, time: $0.time, price: $0.price, cumulativeVolume: $0.cumulativeVolume) }
        await viewer.stop()
        replay.shutdown(); replaying.cancel(); await finish(replaying)

        #expect(replayed.allSatisfy { $0.code == codes[0] }, "an unregistered stock sent trades")
        // What was replayed is the recording from the moment of registration on, in order.
        let head = try #require(replayed.first)
        let start = try #require(first.firstIndex(of: head))
        #expect(Array(first[start...].prefix(replayed.count)) == replayed)
    }
}

/// The only real KRX bytes the project has, replayed (issue 18): the fixtures as an archive,
/// served by kis-sim, parsed by the gateway into sensible typed ticks.
@Suite(.serialized) struct FixtureSessionTests {
    @Test func theRealFixtures_replayThroughTheGateway_asTypedTicks() async throws {
        let archiveDirectory = "/tmp/kis41-fixtures-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: archiveDirectory) }
        let count = try FixtureArchive.write(fixtureDirectory: Fixture.directory, to: archiveDirectory, logger: Logger(label: "t", level: .critical))
        #expect(count >= 6)

        var options = SimulatorOptions()
        // The frames span 08:59:50–09:00:50. From a minute before, at 10, they arrive 6–12 s after
        // the start: time for the gateway to log in and register on a loaded machine (at 60 the
        // first frames went by before the registrations, 3 runs in 12 beside other suites).
        options.speed = 10
        options.universeScale = 0.05
        options.replayArchive = archiveDirectory
        options.start = "08:58:50"
        options.isStartGiven = true
        let replay = try KISSimulator(options: options)
        let running = Task { try? await replay.run() }
        let gateway = try GatewayHarness(restURL: replay.restURL, webSocketURL: replay.webSocketURL)
        try await gateway.start()
        #expect(try await gateway.subscribe("005930").result == "ok")
        #expect(try await gateway.subscribe("066570", .orderbook).result == "ok")
        #expect(try await gateway.subscribe("0001", .index).result == "ok")
        try await waitUntil("every fixture tick", timeout: 30) {
            gateway.messages.trades.count >= 3 && !gateway.messages.orderBooks.isEmpty && !gateway.messages.indices.isEmpty
        }
        let trade = try #require(gateway.messages.trades.first)
        #expect(trade.code == "005930" && trade.time == "093354" && trade.price == 71_900 && trade.volume == 1 && trade.cumulativeVolume == 3_052_507)
        let book = try #require(gateway.messages.orderBooks.first)
        #expect(book.code == "066570" && book.asks.first?.price == 99_100 && book.bids.first?.price == 98_900 && book.asks.count == 10)
        let index = try #require(gateway.messages.indices.first)
        #expect(index.code == "0001" && index.value == 2624.54)
        #expect(try await gateway.status()["parse_errors"]?.number == 0)
        await gateway.stop()
        replay.shutdown(); running.cancel(); await finish(running)
    }
}
