import Foundation
import System

/// The statistics of `bench market`, as pure functions of plain series (no market types), so each
/// can be tested on a synthetic series with a known answer. Definitions and targets:
/// docs/market-statistics.md. Every function returns nil when the input cannot define the figure
/// (too short, constant), never a made-up number.
public enum TapeStatistics {
    /// The median (mean of the middle two for an even count); nil when empty.
    public static func median(_ values: [Double]) -> Double? { Median.of(values) }

    /// Mean and population variance.
    static func moments(_ x: [Double]) -> (mean: Double, variance: Double) {
        let n = Double(x.count)
        let mean = x.reduce(0, +) / n
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        return (mean, variance)
    }

    /// Excess kurtosis m4 / m2² − 3 (0 for a Gaussian, 3 for a Laplace); nil below 4 values or for a constant.
    public static func excessKurtosis(_ x: [Double]) -> Double? {
        guard x.count >= 4 else { return nil }
        let (mean, variance) = moments(x)
        guard variance > 0 else { return nil }
        let m4 = x.reduce(0) { $0 + Foundation.pow($1 - mean, 4) } / Double(x.count)
        return m4 / (variance * variance) - 3
    }

    /// The sample autocorrelation at `lag` (the usual estimator: lagged cross-products over the
    /// whole-series variance); nil when the series is shorter than lag + 2 or constant.
    public static func autocorrelation(_ x: [Double], lag: Int) -> Double? {
        guard lag >= 1, x.count >= lag + 2 else { return nil }
        let (mean, variance) = moments(x)
        guard variance > 0 else { return nil }
        var sum = 0.0
        for t in lag..<x.count { sum += (x[t] - mean) * (x[t - lag] - mean) }
        return sum / Double(x.count) / variance
    }

    /// Pearson's dispersion of counts around expected counts: Σ (c − e)² / e over (n − 1). About 1
    /// for Poisson arrivals at the expected rates; well above 1 when arrivals cluster.
    /// Windows with no expectation are skipped; nil when fewer than 2 remain.
    public static func dispersion(counts: [Double], expected: [Double]) -> Double? {
        var sum = 0.0
        var n = 0
        for (c, e) in zip(counts, expected) where e > 0 {
            sum += (c - e) * (c - e) / e
            n += 1
        }
        return n >= 2 ? sum / Double(n - 1) : nil
    }

    /// Mean pairwise correlation within groups and between groups, over series of equal length.
    /// Computed from sums of standardised series (Σ_{i≠j} ρ_ij = Σ_t (Σ_i z_it)² / T − n), so it costs
    /// O(stocks × T), not O(stocks² × T). Constant series and series of another length are skipped;
    /// `group[i] < 0` puts series i in no group (it still counts in "between").
    public static func groupCorrelations(_ series: [[Double]], group: [Int]) -> (within: Double, between: Double)? {
        guard let length = series.first?.count, length >= 2, group.count == series.count else { return nil }
        var total = [Double](repeating: 0, count: length)
        var sums: [Int: [Double]] = [:]
        var sizes: [Int: Int] = [:]
        var n = 0
        for (i, x) in series.enumerated() where x.count == length {
            let (mean, variance) = moments(x)
            guard variance > 0 else { continue }
            let sd = variance.squareRoot()
            n += 1
            let g = group[i]
            if g >= 0 {
                sizes[g, default: 0] += 1
                if sums[g] == nil { sums[g] = [Double](repeating: 0, count: length) }
            }
            for t in 0..<length {
                let z = (x[t] - mean) / sd
                total[t] += z
                if g >= 0 { sums[g]![t] += z }
            }
        }
        let T = Double(length)
        let allOrdered = total.reduce(0) { $0 + $1 * $1 } / T - Double(n)
        var withinOrdered = 0.0
        var withinPairs = 0.0
        for (g, s) in sums {
            let size = Double(sizes[g] ?? 0)
            withinOrdered += s.reduce(0) { $0 + $1 * $1 } / T - size
            withinPairs += size * (size - 1)
        }
        let betweenPairs = Double(n) * Double(n - 1) - withinPairs
        guard withinPairs > 0, betweenPairs > 0 else { return nil }
        return (withinOrdered / withinPairs, (allOrdered - withinOrdered) / betweenPairs)
    }

    /// How much more likely a stock that is hot in one window is to be hot in the next than a random
    /// stock is: P(hot at w+1 | hot at w) / P(hot at w+1). `activity[i][w]` is stock i's activity in
    /// window w, already relative to its own day and the market's time of day; "hot" is the top
    /// `fraction` of stocks in a window (ties broken by stock index). 1 means no persistence.
    public static func hotPersistenceLift(_ activity: [[Double]], fraction: Double = 0.1) -> Double? {
        guard let windows = activity.first?.count, windows >= 2, fraction > 0, fraction < 1 else { return nil }
        let stocks = activity.count
        let hotCount = max(1, Int((Double(stocks) * fraction).rounded()))
        var hot: [Set<Int>] = []
        for w in 0..<windows {
            let order = (0..<stocks).sorted { (activity[$0][w], $1) > (activity[$1][w], $0) }
            hot.append(Set(order.prefix(hotCount).filter { activity[$0][w] > 0 }))
        }
        var stay = 0.0, wasHot = 0.0, hotNext = 0.0
        for w in 0..<(windows - 1) {
            stay += Double(hot[w].intersection(hot[w + 1]).count)
            wasHot += Double(hot[w].count)
            hotNext += Double(hot[w + 1].count)
        }
        let base = hotNext / Double(stocks * (windows - 1))
        guard wasHot > 0, base > 0 else { return nil }
        return (stay / wasHot) / base
    }

    /// Theme co-surge lift: after a stock's surge onset, the share of its theme mates that also surge
    /// within ±`window` minutes, over the share of stocks outside its theme that do. `onsets[i]` are
    /// stock i's surge-onset minutes; `theme[i] < 0` means no theme (such stocks only serve as the
    /// outside baseline). 1 means themes surge no more together than random stocks; nil when no
    /// theme stock surged or no outside stock ever did.
    public static func coSurgeLift(onsets: [[Int]], theme: [Int], window: Int) -> Double? {
        guard onsets.count == theme.count else { return nil }
        var members: [Int: [Int]] = [:]
        for (i, t) in theme.enumerated() where t >= 0 { members[t, default: []].append(i) }
        func surges(_ j: Int, near m: Int) -> Bool { onsets[j].contains { abs($0 - m) <= window } }
        var mateShare = 0.0, outsideShare = 0.0, cases = 0
        for (i, t) in theme.enumerated() where t >= 0 {
            let mates = (members[t] ?? []).filter { $0 != i }
            guard !mates.isEmpty else { continue }
            for m in onsets[i] {
                mateShare += Double(mates.filter { surges($0, near: m) }.count) / Double(mates.count)
                var outside = 0, outsideCount = 0
                for j in theme.indices where theme[j] != t {
                    outsideCount += 1
                    if surges(j, near: m) { outside += 1 }
                }
                outsideShare += outsideCount == 0 ? 0 : Double(outside) / Double(outsideCount)
                cases += 1
            }
        }
        guard cases > 0, outsideShare > 0 else { return nil }
        return mateShare / outsideShare
    }

    /// Surge onsets in a price series of minute bars: minutes where the log price is at least
    /// `threshold` above its value `span` minutes earlier, at least `refractory` minutes after the last onset.
    public static func surgeOnsets(logPrices: [Double], span: Int = 5, threshold: Double = Foundation.log(1.03),
                                   refractory: Int = 30) -> [Int] {
        var onsets: [Int] = []
        var last = Int.min / 2
        guard logPrices.count > span else { return [] }
        for m in span..<logPrices.count where m - last >= refractory {
            if logPrices[m] - logPrices[m - span] >= threshold {
                onsets.append(m)
                last = m
            }
        }
        return onsets
    }
}
