import Foundation
import Testing
import IPC
import KIS
@testable import Polling
import Simulator
import System

/// The REST half of issue 18's round trip, through kis-sim: a poller recorded on the seeded market,
/// then replayed (`kis-sim --replay`) by a poller following the recorded sweep, publishes the same
/// quotes — per stock the same rows in the same order, each with the same data time (`Date`) —
/// however differently the two machines' pollers were scheduled. The tolerance is none: every
/// recorded quote, exactly.
@Suite(.serialized) struct RecordedSweepReplayTests {
    /// Collects what an engine publishes.
    final class Collector: @unchecked Sendable {
        private let lock = NSLock()
        private var quotes: [Quote] = []
        func add(_ message: Message) {
            guard case .quotes(let batch) = message else { return }
            lock.withLock { quotes += batch.map { var quote = $0; quote.receivedAt = 0; return quote } }
        }
        var all: [Quote] { lock.withLock { quotes } }
        /// Per code, its quotes in the order published.
        var byCode: [String: [Quote]] { Dictionary(grouping: all, by: \.code) }
    }

    static func engine(_ harness: SimulatorHarness, archive: WireArchiveWriter?, collector: Collector) throws -> PollerEngine {
        let configuration = KISRESTClientConfiguration(restURL: harness.simulator.restURL, credentials: SimulatorHarness.credentials,
                                                       environment: .real, limiter: .real)
        let client = try KISRESTClient(configuration: configuration, clock: harness.simulator.clock, cache: nil, archive: archive)
        return PollerEngine(client: client, scheduler: PollerConfiguration().scheduler(for: .real), clock: harness.simulator.clock,
                            logger: Logger(label: "test-poller", level: .critical)) { collector.add($0) }
    }

    @Test func aReplayFollowingTheRecordedSweep_publishesTheRecordedQuotes_perStock_inOrder_withTheirTimes() async throws {
        let directory = "/tmp/kis41-sweep-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Record: the poller's own schedule over a small universe for 20 market seconds.
        let live = try SimulatorHarness { $0.speed = 5 }
        let archive = try WireArchiveWriter(directory: directory, component: "rest-poller", logger: Logger(label: "t", level: .critical))
        let recorded = Collector()
        let recorder = try Self.engine(live, archive: archive, collector: recorded)
        await recorder.setUniverse(Array(await live.universe().prefix(90)))
        let start = live.simulator.clock.now()
        let polling = Task { try await recorder.run() }
        try await TwoAccountsPollerTests.waitUntil({ "market clock \(live.simulator.clock.now() - start) s" }) {
            live.simulator.clock.now() - start >= 20
        }
        // The server goes first: a call it answered is both archived and published, one it had
        // not answered fails and is in neither. Then the poller stops.
        await live.stop()
        try await Task.sleep(nanoseconds: 500_000_000)
        polling.cancel()
        _ = await polling.result
        recorder.client.flushArchive()
        await recorder.client.close()
        let contents = try WireArchiveReader.read(directory: URL(fileURLWithPath: directory))
        let sweep = RecordedCall.sweep(of: contents.records)
        #expect(sweep.count >= 5, "a recording needs some calls: \(sweep.count)")

        // Replay at another speed, the poller following the recorded sweep.
        let replay = try SimulatorHarness { $0.replayArchive = directory; $0.speed = 10 }
        let replayed = Collector()
        let follower = try Self.engine(replay, archive: nil, collector: replayed)
        await follower.follow(RecordedSweep(calls: sweep))
        let following = Task { try await follower.run() }
        try await TwoAccountsPollerTests.waitUntil({ "\(replayed.all.count) of \(recorded.all.count) quotes replayed" }) {
            await follower.recordedCallsRemaining() == 0 && replayed.all.count >= recorded.all.count
        }
        following.cancel()
        _ = await following.result
        await follower.client.close()
        await replay.stop()

        let (before, after) = (recorded.byCode, replayed.byCode)
        #expect(!before.isEmpty)
        #expect(Set(after.keys) == Set(before.keys))
        for (code, quotes) in before where after[code] != quotes {
            Issue.record("\(code): recorded \(quotes.map { "\($0.price)@\($0.time ?? "-")" }), replayed \((after[code] ?? []).map { "\($0.price)@\($0.time ?? "-")" })")
        }
    }
}
