import Foundation
import IPC

/// What survives a restart (`allocator-state.json` in the run directory): holders with their dwell
/// times, performance and heat scores, the watch list, the window override and the rebalance time.
/// The gateway's ledger stays the truth for what is registered; the snapshot supplies the rest.
public struct AllocatorSnapshot: Codable, Sendable, Equatable {
    public static let fileName = "allocator-state.json"

    public var version = 1
    /// Market time of the snapshot.
    public var savedAt: Double
    public var holdings: [Holding]
    public var performance: [String: Double]
    /// Last heat score per stock (non-zero only), used until fresh data arrives.
    public var scores: [String: Double]
    public var watchList: [String]
    public var windowOverride: String?
    public var lastRebalance: Double?
    public var generation: Int
    public var entries: [Double]

    /// Captures `state` at market time `now`.
    public init(state: AllocatorState, now: Double) {
        savedAt = now
        holdings = state.holdings.values.sorted { $0.code < $1.code }
        var performance: [String: Double] = [:]
        var scores: [String: Double] = [:]
        let window = SlotAllocator.effectiveWindow(state, now: now)
        let heat = SlotAllocator.computeScores(state, window: window, now: now)
        for (i, stock) in state.universe.stocks.enumerated() {
            if let value = state.activity[i].performance { performance[stock.code] = value }
            if heat[i] > 0 { scores[stock.code] = (heat[i] * 100).rounded() / 100 }
        }
        self.performance = performance
        self.scores = scores
        watchList = state.watchList
        windowOverride = state.windowOverride
        lastRebalance = state.lastRebalance.isFinite ? state.lastRebalance : nil
        generation = state.generation
        entries = state.entries.filter { now - $0 <= 3600 }
    }

    /// Whether it can resume an allocator at market time `now` (`MarketClock.isResumable`).
    public func isResumable(at now: Double) -> Bool { MarketClock.isResumable(savedAt: savedAt, at: now) }

    /// Restores into `state`: holders keep their `since`, scores seed stocks without fresh data.
    /// The registrations themselves come from the gateway's ledger (`reconcile`).
    public func restore(into state: inout AllocatorState) {
        for holding in holdings { state.holdings[holding.code] = holding }
        for (code, value) in performance { state.setPerformance(code: code, score: value) }
        for (code, value) in scores {
            let i = state.index(adding: code)
            if state.activity[i].dataTime == 0 { state.activity[i].persistedScore = value }
        }
        for code in watchList { state.addToWatchList(code) }
        state.windowOverride = windowOverride
        state.lastRebalance = lastRebalance ?? -.infinity
        state.generation = generation
        state.entries = entries
        state.needsRebalance = false
    }

    /// Writes atomically (temporary file + rename).
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// Reads a snapshot, or `nil` when there is none; a damaged file is reported as an error.
    public static func read(from path: String) throws -> AllocatorSnapshot? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try JSONDecoder().decode(AllocatorSnapshot.self, from: data)
    }
}
