import Foundation

/// How detectable a window of a minute tape is at all: an *oracle* statistic of the window (it knows
/// the window's exact start and length) against the same statistic on every other window of the
/// same length, of the same stock and of the stock's pool, outside any excluded minute (planted
/// events and decoys). Pure: plain minute series in, tail probabilities out (`bench detectability`).
///
/// Statistics, each oriented so that larger is more extreme:
/// - `logReturn`: log close at the window's last minute minus log close of the minute before it;
/// - `zReturn`: that return over the stock's own 1-minute volatility scaled to the length (σ₁ √L),
///   σ₁ the root mean square of its 1-minute log returns over the non-excluded minutes;
/// - `volumeRatio`: the window's volume over the stock's usual volume for those minutes (its mean
///   non-excluded minute volume times the market's time-of-day profile, summed over the window);
/// - `minuteFloor`: the window's lowest time-of-day-adjusted minute volume over the stock's median
///   adjusted minute (its mean when the median is 0): every minute must be high, not one;
/// - `scaledReturn`, `scaledVolume`: the log return and the volume ratio over the stock's own median
///   |value| of that statistic across its own null windows of the same length: a length-matched,
///   per-stock scale that heavy tails do not inflate (what a detector could learn from a stock's history);
/// - `joint`: price and volume together, for the moves planted with volume: Fisher's combination
///   −ln S_z − ln S_v of the window's two tail shares among the universe's windows of that length,
///   `zReturn` (oriented) and `volumeRatio` over the same minutes (each share at least 1 / windows;
///   defined only through `judge`/`nulls`).
///
/// Price statistics are `signed` (up moves only) or `absolute` (either direction).
public struct Detectability: Sendable {
    public enum Statistic: String, Sendable, CaseIterable {
        case logReturn = "log_return", zReturn = "z_return", scaledReturn = "scaled_return"
        case volumeRatio = "volume_ratio", minuteFloor = "minute_floor", scaledVolume = "scaled_volume"
        case joint = "joint_z_volume"

        /// The statistic a scaled one divides by its stock's own median; nil for the others.
        public var base: Statistic? {
            switch self {
            case .scaledReturn: return .logReturn
            case .scaledVolume: return .volumeRatio
            default: return nil
            }
        }

        public var isVolume: Bool { self == .volumeRatio || self == .minuteFloor || self == .scaledVolume }
    }

    public enum Orientation: Sendable, Hashable { case signed, absolute }

    /// One stock's minute series over the window.
    public struct Series: Sendable {
        /// Log of the last price of each minute, carried forward (empty: the stock never traded).
        public var logCloses: [Double]
        public var volumes: [Double]
        /// Minutes no null window may touch (planted events, decoys, a margin around them).
        public var excluded: [Bool]
        /// The stock's pool (market and liquidity band); pools are compared by equality.
        public var pool: Int

        public init(logCloses: [Double], volumes: [Double], excluded: [Bool], pool: Int) {
            self.logCloses = logCloses; self.volumes = volumes; self.excluded = excluded; self.pool = pool
        }
    }

    /// A window: stock index, first minute, length in minutes.
    public struct Window: Sendable, Hashable {
        public var stock: Int
        public var start: Int
        public var length: Int
        public init(stock: Int, start: Int, length: Int) { self.stock = stock; self.start = start; self.length = length }
    }

    /// Where an observed value stands in one null: windows at least as extreme, the episodes they
    /// form (runs of consecutive start minutes of one stock, what a detector that fires once per
    /// excursion would count), and windows in all.
    public struct Tail: Sendable, Equatable {
        public var atLeast: Int
        public var episodes: Int
        public var count: Int
        /// (atLeast + 1) / (count + 1): never 0, and the floor 1 / (count + 1) says how far the null resolves.
        public var p: Double { Double(atLeast + 1) / Double(count + 1) }
        /// The same with episodes: the chance per test that a new excursion this far out begins.
        public var episodeP: Double { Double(episodes + 1) / Double(count + 1) }
        /// The observed value beat every window of the null.
        public var beyondAll: Bool { atLeast == 0 }
    }

    /// One window judged on one statistic.
    public struct Judgement: Sendable {
        public var value: Double
        public var own: Tail
        public var pool: Tail
        public var universe: Tail
    }

    public let series: [Series]
    public let minutes: Int
    /// The market's time-of-day volume profile, mean 1 over the minutes.
    let profile: [Double]
    let sigma: [Double]
    let meanAdjusted: [Double]
    let medianAdjusted: [Double]

    public init(series: [Series]) {
        let minutes = series.map(\.volumes.count).max() ?? 0
        var market = [Double](repeating: 0, count: minutes)
        for s in series where s.volumes.count == minutes { for m in 0..<minutes { market[m] += s.volumes[m] } }
        let mean = minutes == 0 ? 0 : market.reduce(0, +) / Double(minutes)
        self.init(series: series, profile: market.map { mean > 0 && $0 > 0 ? $0 / mean : 1 })
    }

    /// With a given time-of-day profile (one stock judged on the whole market's profile).
    init(series: [Series], profile: [Double]) {
        self.series = series
        minutes = profile.count
        self.profile = profile
        var sigma: [Double] = [], meanAdjusted: [Double] = [], medianAdjusted: [Double] = []
        for s in series {
            var sum = 0.0, n = 0
            var adjusted: [Double] = []
            if s.logCloses.count == minutes, minutes >= 2 {
                for m in 1..<minutes where !s.excluded[m] && !s.excluded[m - 1] {
                    let r = s.logCloses[m] - s.logCloses[m - 1]
                    sum += r * r; n += 1
                }
            }
            if s.volumes.count == minutes {
                for m in 0..<minutes where !s.excluded[m] { adjusted.append(s.volumes[m] / profile[m]) }
            }
            sigma.append(n > 0 ? (sum / Double(n)).squareRoot() : 0)
            let meanA = adjusted.isEmpty ? 0 : adjusted.reduce(0, +) / Double(adjusted.count)
            meanAdjusted.append(meanA)
            let med = TapeStatistics.median(adjusted) ?? 0
            medianAdjusted.append(med > 0 ? med : meanA)
        }
        self.sigma = sigma
        self.meanAdjusted = meanAdjusted
        self.medianAdjusted = medianAdjusted
    }

    /// The statistic of a window, oriented (larger = more extreme); nil when the window does not fit
    /// the series or the statistic is undefined there (a stock that never traded, no volatility, no volume).
    public func value(_ statistic: Statistic, _ orientation: Orientation, _ w: Window) -> Double? {
        guard w.stock >= 0, w.stock < series.count, w.length >= 1, w.start >= 1, w.start + w.length <= minutes else { return nil }
        if let base = statistic.base {
            guard let raw = value(base, orientation, w), let scale = scale(base, w.stock, length: w.length) else { return nil }
            return raw / scale
        }
        let s = series[w.stock]
        let last = w.start + w.length - 1
        switch statistic {
        case .scaledReturn, .scaledVolume, .joint:
            return nil
        case .logReturn, .zReturn:
            guard s.logCloses.count == minutes else { return nil }
            var r = s.logCloses[last] - s.logCloses[w.start - 1]
            if statistic == .zReturn {
                guard sigma[w.stock] > 0 else { return nil }
                r /= sigma[w.stock] * Double(w.length).squareRoot()
            }
            return orientation == .absolute ? abs(r) : r
        case .volumeRatio:
            guard s.volumes.count == minutes, meanAdjusted[w.stock] > 0 else { return nil }
            var volume = 0.0, expected = 0.0
            for m in w.start...last { volume += s.volumes[m]; expected += profile[m] }
            return volume / (meanAdjusted[w.stock] * expected)
        case .minuteFloor:
            guard s.volumes.count == minutes, medianAdjusted[w.stock] > 0 else { return nil }
            var floor = Double.infinity
            for m in w.start...last { floor = min(floor, s.volumes[m] / profile[m]) }
            return floor / medianAdjusted[w.stock]
        }
    }

    /// Every null window's value of one statistic and length, per stock, indexed by start minute − 1
    /// (overlapping windows, one per start): NaN where the window or the minute before it touches an
    /// excluded minute of its stock, or the statistic is undefined.
    public func nulls(_ statistic: Statistic, _ orientation: Orientation, length: Int) -> [[Double]] {
        if statistic == .joint { return jointNulls(orientation, length: length).nulls }
        if let base = statistic.base {
            return nulls(base, orientation, length: length).map { raw in
                guard let scale = Self.medianMagnitude(raw) else { return raw.map { _ in .nan } }
                return raw.map { $0 / scale }
            }
        }
        return series.indices.map { i in
            let s = series[i]
            guard s.excluded.count == minutes, length >= 1, minutes > length else { return [] }
            var out: [Double] = []
            // Excluded minutes among the window's minutes and the one before it (a return needs it).
            var blocked = 0
            for m in 0..<length { if s.excluded[m] { blocked += 1 } }
            for start in 1...(minutes - length) {
                blocked += s.excluded[start + length - 1] ? 1 : 0
                out.append(blocked == 0 ? value(statistic, orientation, Window(stock: i, start: start, length: length)) ?? .nan : .nan)
                blocked -= s.excluded[start - 1] ? 1 : 0
            }
            return out
        }
    }

    /// The joint statistic's nulls, and how to score a window on it: Fisher's −ln S_z − ln S_v, S the
    /// share of the universe's null windows of the length at least as extreme on `zReturn` and `volumeRatio`.
    func jointNulls(_ orientation: Orientation, length: Int) -> (nulls: [[Double]], rank: (Window) -> Double?) {
        let z = nulls(.zReturn, orientation, length: length), v = nulls(.volumeRatio, .signed, length: length)
        let sortedZ = z.flatMap { $0 }.filter { !$0.isNaN }.sorted(), sortedV = v.flatMap { $0 }.filter { !$0.isNaN }.sorted()
        func surprise(_ x: Double, _ sorted: [Double]) -> Double {
            // −ln of the share of null windows at least x (binary search), the share floored at 1 / count.
            var lo = 0, hi = sorted.count
            while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] < x { lo = mid + 1 } else { hi = mid } }
            let n = Double(max(1, sorted.count))
            return -Foundation.log(max(Double(sorted.count - lo), 1) / n)
        }
        let nulls = zip(z, v).map { zs, vs in
            zip(zs, vs).map { a, b in a.isNaN || b.isNaN ? Double.nan : surprise(a, sortedZ) + surprise(b, sortedV) }
        }
        return (nulls, { w in
            guard let a = value(.zReturn, orientation, w), let b = value(.volumeRatio, .signed, w) else { return nil }
            return surprise(a, sortedZ) + surprise(b, sortedV)
        })
    }

    /// Stock i's own median |value| of a statistic over its null windows of a length; nil when it has
    /// none or the median is 0.
    func scale(_ statistic: Statistic, _ i: Int, length: Int) -> Double? {
        let one = Detectability(series: [series[i]], profile: profile)
        return Self.medianMagnitude(one.nulls(statistic, .signed, length: length)[0])
    }

    static func medianMagnitude(_ values: [Double]) -> Double? {
        let m = TapeStatistics.median(values.filter { !$0.isNaN }.map(abs)) ?? 0
        return m > 0 ? m : nil
    }

    /// Judges windows (all of one length) on one statistic against the stock's own null, its pool's
    /// and the universe's. A window whose statistic is undefined gets nil.
    public func judge(_ windows: [Window], _ statistic: Statistic, _ orientation: Orientation) -> [Judgement?] {
        guard let length = windows.first?.length else { return [] }
        precondition(windows.allSatisfy { $0.length == length }, "judge: one length at a time")
        let joint = statistic == .joint ? jointNulls(orientation, length: length) : nil
        let nulls = joint?.nulls ?? nulls(statistic, orientation, length: length)
        func tail(_ x: Double, _ stocks: some Sequence<Int>) -> Tail {
            var atLeast = 0, episodes = 0, count = 0
            for i in stocks {
                var inside = false
                for v in nulls[i] {
                    if !v.isNaN { count += 1 }
                    let beyond = v >= x  // false for NaN: a blocked window ends an episode
                    if beyond { atLeast += 1; if !inside { episodes += 1 } }
                    inside = beyond
                }
            }
            return Tail(atLeast: atLeast, episodes: episodes, count: count)
        }
        return windows.map { w in
            guard let x = joint.map({ $0.rank(w) }) ?? value(statistic, orientation, w) else { return nil }
            let pool = series[w.stock].pool
            return Judgement(value: x, own: tail(x, [w.stock]),
                             pool: tail(x, series.indices.filter { series[$0].pool == pool }),
                             universe: tail(x, series.indices))
        }
    }

    /// Chance alarms a day an oracle detector with the threshold at an event's value would accept:
    /// p × tests per stock a day × stocks (one test a minute per stock by default).
    public static func alarmsPerDay(p: Double, stocks: Int, testsPerStock: Double = 380) -> Double {
        p * testsPerStock * Double(stocks)
    }
}
