#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Simulator

/// A benchmark entry point for `kis41-bench`: how much CPU the market model needs at a given speed.
///
/// Builds the model, moves it to 09:00 (not measured), watches the `watchedCount` most active stocks,
/// then advances `speed × realSeconds` market seconds in slices of `speed × tick` (as a server polling
/// every `tick` real seconds would) and measures process CPU time. `cpuShare` is the fraction of one
/// core the model would use at that speed: it must stay well under 0.5.
public enum MarketBenchmark {
    /// What one run measured.
    public struct Result: Sendable, CustomStringConvertible {
        public var marketSeconds: Double
        public var cpuSeconds: Double
        public var trades: Int
        public var stocks: Int
        public var realSeconds: Double
        /// CPU seconds per real second at the requested speed.
        public var cpuShare: Double { realSeconds == 0 ? 0 : cpuSeconds / realSeconds }

        public var description: String {
            let share = (cpuShare * 1000).rounded() / 10
            return "market \(Int(marketSeconds)) s over \(stocks) stocks: \(trades) watched trades, "
                + "cpu \((cpuSeconds * 1000).rounded() / 1000) s = \(share) % of a core at this speed"
        }
    }

    /// Runs the benchmark from 09:00 (a busy open) with the full universe by default.
    public static func run(speed: Double, realSeconds: Double, watchedCount: Int = 40, tick: Double = 0.05,
                           configuration: SimulationConfiguration = SimulationConfiguration()) -> Result {
        var model = MarketModel(configuration: configuration)
        _ = model.advance(to: KRXRules.continuousStart - 1)
        let busiest = model.universe.listings.indices.sorted {
            model.universe.listings[$0].activity > model.universe.listings[$1].activity
        }
        model.watch(busiest.prefix(watchedCount).map { model.universe.listings[$0].code })
        let marketSeconds = speed * realSeconds
        let slice = max(0.001, speed * tick)
        var trades: [MarketTrade] = []
        trades.reserveCapacity(4_096)
        var total = 0
        var t = model.now
        let end = model.now + marketSeconds
        let started = cpuTime()
        while t < end {
            t = min(end, t + slice)
            trades.removeAll(keepingCapacity: true)
            model.advance(to: t, into: &trades)
            total += trades.count
        }
        let cpu = cpuTime() - started
        return Result(marketSeconds: marketSeconds, cpuSeconds: cpu, trades: total, stocks: model.universe.count,
                      realSeconds: realSeconds)
    }

    /// Process CPU time in seconds (`CLOCK_PROCESS_CPUTIME_ID`).
    public static func cpuTime() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
