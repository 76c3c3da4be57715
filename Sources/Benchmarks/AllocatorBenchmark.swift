import Allocation
import Foundation
import IPC
import System

/// `./run bench allocator`: the cost of one full decision (scores, rebalance, poll plan) over a
/// synthetic universe.
public enum AllocatorBenchmark {
    /// A state with `stocks` stocks in 40 sectors, every one with fresh prices, history and volume.
    public static func syntheticState(stocks: Int, now: Double, seed: UInt64 = 41) -> AllocatorState {
        var generator = SplitMix64(seed: seed)
        let universe = StockUniverse(stocks: (0..<stocks).map { i in
            UniverseStock(code: String(format: "%06d", 100_000 + i), name: "S\(i)", market: i % 2 == 0 ? "KOSPI" : "KOSDAQ",
                          sector: "sector-\(i % 40)", previousDayVolume: 100_000 + i * 100)
        })
        var state = AllocatorState(configuration: AllocatorConfiguration(), universe: universe)
        state.isGatewayUp = true
        state.gatewayCapacity = 41
        for i in 0..<stocks {
            let base = 10_000 + Int(generator.next() % 50_000)
            for step in 0..<20 {
                let drift = Double(Int(generator.next() % 201) - 100) / 10_000
                let price = Int(Double(base) * (1 + drift * Double(step) / 10))
                state.activity[i].observe(price: price, previousClose: base, changeRate: Double(price - base) / Double(base) * 100,
                                          relativeVolume: Double(generator.next() % 500) / 100, expectedGap: nil,
                                          receivedAt: now - Double(20 - step) * 30 + 1, now: now - Double(20 - step) * 30)
            }
        }
        // Each stock's cumulative volume from one sweep quote (no previous-day figure, as the
        // multi-price row): the hazard's volume against the same time of day is estimated from it.
        state.ingest(state.activity.indices.map { i in
            let a = state.activity[i]
            return Quote(code: universe.stocks[i].code, price: a.price, previousClose: a.previousClose, change: a.price - a.previousClose,
                         changeRate: a.changeRate, cumulativeVolume: 10_000 + Int(generator.next() % 90_000), open: a.previousClose,
                         high: a.price, low: a.price, receivedAt: now - 29)
        }, now: now - 30)
        return state
    }

    /// The cost figures of `run`: wall time (what a caller waits, preemptions included on a busy
    /// machine) and the thread's CPU time (the decision's own work, which the machine's other load
    /// does not inflate), p50 / p99 and the worst round, in ms.
    public struct Result: Sendable {
        public var p50Ms: Double, p99Ms: Double, maxMs: Double
        public var cpuP50Ms: Double, cpuP99Ms: Double, cpuMaxMs: Double
        /// Rounds that labelled or stored hazard examples (the learning step's share of the rounds).
        public var learningRounds: Int
        public var rounds: Int
    }

    /// Runs a full-universe decision 200 times (each forced to rebalance) and reports its cost.
    /// With a hazard `scoring`, each decision also runs the hazard's learning step as the service
    /// does (examples every 15 s, labelled 60 s later, the recalibration refitted), 1 stock in 20 has
    /// fired a signal before the first round and one more fires each round.
    public static func run(stocks: Int, scoring: SlotScoring = .heat, rounds: Int = 200) -> Result {
        let now = MarketClock.time(hour: 10, minute: 0, sameDayAs: 1_790_000_000)
        var state = syntheticState(stocks: stocks, now: now)
        state.configuration.hazard.slotScoring = scoring
        let learns = scoring != .heat
        if learns {
            for i in stride(from: 0, to: stocks, by: 20) {
                state.ingest(TradeSignal(time: "", code: state.universe.stocks[i].code, name: "", kind: .momentum, direction: .up,
                                         strength: 1, price: 0, changeRate: 0, volume: 0, source: .rest, tier: 0,
                                         dataAgeSeconds: 0, reason: "bench", receivedAt: 0), now: now - 30)
            }
        }
        var wall: [Double] = [], cpu: [Double] = []
        var learningRounds = 0
        for round in 0..<max(rounds, 1) {
            state.needsRebalance = true
            let time = now + Double(round)
            if learns {  // a signal a second (outside the timing): the examples get labels that fire, so the recalibration is refitted
                state.ingest(TradeSignal(time: "", code: state.universe.stocks[(round * 37) % stocks].code, name: "", kind: .momentum,
                                         direction: .up, strength: 1, price: 0, changeRate: 0, volume: 0, source: .rest, tier: 0,
                                         dataAgeSeconds: 0, reason: "bench", receivedAt: 0), now: time - 0.5)
            }
            let learned = state.hazard.model.updates, pending = state.hazard.pendingCount
            let started = DispatchTime.now().uptimeNanoseconds
            let cpuStarted = threadCPUTime()
            if learns { state.advanceHazard(now: time) }
            let decision = SlotAllocator.plan(state, now: time)
            state.apply(decision, now: time)
            cpu.append((threadCPUTime() - cpuStarted) * 1e3)
            wall.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
            if state.hazard.model.updates != learned || state.hazard.pendingCount > pending { learningRounds += 1 }
        }
        func percentile(_ values: [Double], _ p: Int) -> Double {
            let sorted = values.sorted()
            return sorted[min(sorted.count - 1, sorted.count * p / 100)]
        }
        return Result(p50Ms: percentile(wall, 50), p99Ms: percentile(wall, 99), maxMs: wall.max() ?? 0,
                      cpuP50Ms: percentile(cpu, 50), cpuP99Ms: percentile(cpu, 99), cpuMaxMs: cpu.max() ?? 0,
                      learningRounds: learningRounds, rounds: wall.count)
    }

    /// This thread's CPU time in seconds (`CLOCK_THREAD_CPUTIME_ID`).
    static func threadCPUTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
