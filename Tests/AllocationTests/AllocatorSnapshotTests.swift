import Benchmarks
import Foundation
import Testing
@testable import Allocation
import IPC

@Suite struct AllocatorSnapshotTests {
    @Test func snapshot_roundTrips_throughAnAtomicFile_andResumesHoldersAndScores() throws {
        var state = makeState()
        state.setPerformance(code: state.universe.stocks[5].code, score: 85.5)
        state.addToWatchList(state.universe.stocks[7].code)
        decide(&state, at: marketTime(10, 0))
        let snapshot = AllocatorSnapshot(state: state, now: marketTime(10, 1))

        let path = "/tmp/k41a-snap-\(UInt32.random(in: 0...UInt32.max)).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try snapshot.write(to: path)
        let read = try #require(try AllocatorSnapshot.read(from: path))
        #expect(read == snapshot)

        let fresh = AllocatorBenchmark.syntheticState(stocks: 300, now: marketTime(10, 0))
        var restored = AllocatorState(configuration: fresh.configuration, universe: fresh.universe)
        read.restore(into: &restored)
        #expect(restored.holdings == state.holdings)
        #expect(restored.activity[5].performance == 85.5)
        #expect(restored.watchList == state.watchList)
        #expect(restored.lastRebalance == state.lastRebalance)
        #expect(restored.activity[9].persistedScore != nil)

        // The ledger decides what is registered: a restored allocator re-sends nothing the gateway holds.
        restored.reconcile(with: ledger(of: state.registered))
        restored.currentWindow = state.currentWindow
        #expect(decide(&restored, at: marketTime(10, 1)).commands.isEmpty)
        #expect(restored.holdings.values.allSatisfy { state.holdings[$0.code]?.since == $0.since })
    }

    @Test func missingSnapshot_readsAsNil() throws {
        #expect(try AllocatorSnapshot.read(from: "/tmp/k41a-none-\(UInt32.random(in: 0...UInt32.max))") == nil)
    }
}
