import Benchmarks
import Foundation
@testable import Allocation
import IPC

/// A market day for tests: 2026-09-24 (any day works; only KST time of day matters).
let testDay = 1_790_000_000.0

/// Market time of `HH:MM` KST on the test day.
func marketTime(_ hour: Int, _ minute: Int, _ second: Double = 0) -> Double {
    MarketClock.time(hour: hour, minute: minute, sameDayAs: testDay) + second
}

/// A synthetic market of `stocks` stocks in 40 sectors, gateway up with an empty ledger.
func makeState(stocks: Int = 300, at now: Double = marketTime(10, 0),
               configure: (inout AllocatorConfiguration) -> Void = { _ in }) -> AllocatorState {
    var state = AllocatorBenchmark.syntheticState(stocks: stocks, now: now)
    configure(&state.configuration)
    state.reconcile(with: Ledger(connected: true, capacity: 41, entries: []))
    return state
}

/// Runs one decision and records it, like the service does.
@discardableResult
func decide(_ state: inout AllocatorState, at now: Double) -> AllocationDecision {
    let decision = SlotAllocator.plan(state, now: now)
    state.apply(decision, now: now)
    return decision
}

/// The gateway's ledger holding exactly `registered`.
func ledger(of registered: Set<FeedKey>, connected: Bool = true, capacity: Int = 41) -> Ledger {
    Ledger(connected: connected, capacity: capacity,
           entries: registered.sorted().map { LedgerEntry(code: $0.code, feed: $0.feed, state: "held", since: 0) })
}

extension AllocatorState {
    func count(tier: Int) -> Int { holdings.values.filter { $0.tier == tier }.count }
}

/// Sets every stock's performance score and uses a window that scores by performance only.
func performanceOnly(_ configuration: inout AllocatorConfiguration) {
    configuration.windows = [WindowStrategy.defaultTable[2]]
    configuration.windows[0].start = "00:00"
    configuration.windows[0].weights = StrategyWeights(gap: 0, volume: 0, momentum: 0, ranking: 0, signal: 0, performance: 1)
}
