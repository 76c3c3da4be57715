import Foundation
import Simulator

/// `bench market`: a simulated day's stylized facts, each against its target range from the
/// literature (docs/market-statistics.md). The day runs in-process over the whole universe, every
/// stock watched, as fast as it goes; every figure comes from the trade tape alone (minute bars of
/// the trades) plus public static facts (each listing's sector, the published theme lists), never
/// from the generator's internal state.
public enum MarketStatisticsBenchmark {
    /// One statistic: its value, its target range (either bound may be open) and whether it is inside.
    /// Other layers (VI counts, limit hits, halts) add rows of the same shape.
    public struct Row: Sendable {
        public var name: String
        public var value: Double?
        public var lower: Double?
        public var upper: Double?
        /// What the figure is, for humans.
        public var note: String

        public init(name: String, value: Double?, lower: Double?, upper: Double?, note: String) {
            self.name = name
            self.value = value
            self.lower = lower
            self.upper = upper
            self.note = note
        }

        /// Whether the value exists and lies inside the range (bounds included).
        public var inside: Bool {
            guard let value, value.isFinite else { return false }
            return (lower.map { value >= $0 } ?? true) && (upper.map { value <= $0 } ?? true)
        }

        /// "[3, 100]", "≥ 2".
        public var range: String {
            switch (lower, upper) {
            case let (l?, u?): return "[\(Self.format(l)), \(Self.format(u))]"
            case let (l?, nil): return "≥ \(Self.format(l))"
            case let (nil, u?): return "≤ \(Self.format(u))"
            case (nil, nil): return "any"
            }
        }

        static func format(_ x: Double) -> String {
            x == x.rounded() && abs(x) < 1e6 ? String(Int(x)) : String(format: "%.3g", x)
        }
    }

    /// A measured day.
    public struct Result: Sendable {
        public var rows: [Row]
        public var stocks: Int
        public var trades: Int
        /// Stocks that traded in at least 80 % of the minutes (the return statistics use these).
        public var eligible: Int
        public var wallSeconds: Double
    }

    /// Share of the window's minutes a stock must trade in for its minute returns to count.
    public static let eligibleShare = 0.8

    /// Simulates the configured day from `from` to `to` (seconds since midnight, continuous session
    /// by default) with every stock watched, and measures it.
    public static func run(configuration: SimulationConfiguration,
                           from: Double = KRXRules.continuousStart, to: Double = KRXRules.closingAuctionStart) -> Result {
        let started = Date()
        var model = MarketModel(configuration: configuration)
        let (bars, total) = MinuteBars.record(&model, from: from, to: to)
        var trades: [MarketTrade] = []
        let sectors = model.universe.listings.map { Sector.allCases.firstIndex(of: $0.sector) ?? -1 }
        var rows = rows(bars: bars, sector: sectors, theme: model.themes.themeOf)
        if from <= KRXRules.continuousStart, to >= KRXRules.closingAuctionStart {
            // The day's KRX mechanics, through the closing call (a whole day only: they are daily counts).
            model.advance(to: KRXRules.close + 1, into: &trades)
            rows += mechanicsRows(MechanicsTally(day: model))
        }
        let eligible = (0..<bars.stocks).filter { isEligible(bars, $0) }.count
        return Result(rows: rows, stocks: model.universe.count, trades: total, eligible: eligible,
                      wallSeconds: Date().timeIntervalSince(started))
    }

    /// The day's VI, limit and halt counts against KRX's published daily figures
    /// (docs/krx-mechanics.md): the ranges span the published figure by a factor of about 2–3 each
    /// way, since those figures are averages over other years and a single day varies.
    public static func mechanicsRows(_ tally: MechanicsTally) -> [Row] {
        [
            Row(name: "vi_static_per_day", value: Double(tally.staticVI + tally.staticAndDynamicVI), lower: 40, upper: 300,
                note: "static VI triggers (KRX: 113.5 a day, the scheme's first two weeks)"),
            Row(name: "vi_dynamic_per_day", value: Double(tally.dynamicVI + tally.staticAndDynamicVI), lower: 8, upper: 80,
                note: "dynamic VI triggers (KRX: 23.2 a day)"),
            Row(name: "upper_limit_stocks", value: Double(tally.upperLimitStocks.count), lower: 2, upper: 20,
                note: "stocks reaching the +30 % limit (KRX: 6.5 a day, 2015–2025)"),
            Row(name: "lower_limit_stocks", value: Double(tally.lowerLimitStocks.count), lower: 0, upper: 5,
                note: "stocks reaching the −30 % limit (KRX: 0.6 a day)"),
            Row(name: "halted_stocks", value: Double(tally.haltedStocks.count), lower: 30, upper: 200,
                note: "listings halted (KRX 2024-08-25: 95)"),
        ]
    }

    static func isEligible(_ bars: MinuteBars, _ i: Int) -> Bool {
        Double(bars.activeMinutes(i)) >= eligibleShare * Double(bars.minutes)
    }

    /// Every statistic from minute bars and the public sector and theme of each stock (-1: none).
    public static func rows(bars: MinuteBars, sector: [Int], theme: [Int]) -> [Row] {
        typealias S = TapeStatistics
        var returns: [[Double]] = []
        var returnSector: [Int] = []
        var returnTheme: [Int] = []
        var onsets: [[Int]] = []
        for i in 0..<bars.stocks {
            guard let closes = bars.closes(i) else { onsets.append([]); continue }
            let logs = closes.map { Foundation.log($0) }
            onsets.append(S.surgeOnsets(logPrices: logs))
            guard isEligible(bars, i), logs.count >= 3 else { continue }
            returns.append((1..<logs.count).map { logs[$0] - logs[$0 - 1] })
            returnSector.append(sector[i])
            returnTheme.append(theme[i])
        }
        func medianOver(_ f: ([Double]) -> Double?) -> Double? { S.median(returns.compactMap(f)) }
        let absolute = returns.map { $0.map(abs) }
        func medianAbsACF(_ lag: Int) -> Double? { S.median(absolute.compactMap { S.autocorrelation($0, lag: lag) }) }
        let sectors = S.groupCorrelations(returns, group: returnSector)
        let themes = S.groupCorrelations(returns, group: returnTheme)

        // Activity relative to each stock's own day and the market's time of day.
        let marketCount = bars.marketCount
        let marketTotal = marketCount.reduce(0, +)
        var dispersions: [Double] = []
        var hotActivity: [[Double]] = []
        let windows = bars.minutes / 10
        for i in 0..<bars.stocks {
            let counts = bars.counts(i)
            let total = counts.reduce(0, +)
            guard total >= 100, marketTotal > 0 else { continue }
            let expected = marketCount.map { total * $0 / marketTotal }
            if total >= Double(bars.minutes), let d = S.dispersion(counts: counts, expected: expected) { dispersions.append(d) }
            guard windows >= 2 else { continue }
            hotActivity.append((0..<windows).map { w in
                let range = (w * 10)..<(w * 10 + 10)
                let e = range.reduce(0) { $0 + expected[$1] }
                return e > 0 ? range.reduce(0) { $0 + counts[$1] } / e : 0
            })
        }
        let (openRatio, closeRatio) = uShape(bars.marketVolume)

        return [
            Row(name: "return_kurtosis_1m", value: medianOver(S.excessKurtosis), lower: 3, upper: 100,
                note: "median excess kurtosis of 1-minute log returns"),
            Row(name: "return_acf_1m_lag1", value: medianOver { S.autocorrelation($0, lag: 1) }, lower: -0.15, upper: 0.1,
                note: "median autocorrelation of 1-minute returns at lag 1 (no linear memory)"),
            Row(name: "abs_return_acf_1m_lag1", value: medianAbsACF(1), lower: 0.05, upper: 0.6,
                note: "median autocorrelation of |1-minute returns| at lag 1 min"),
            Row(name: "abs_return_acf_1m_lag10", value: medianAbsACF(10), lower: 0.02, upper: 0.5,
                note: "… at lag 10 min"),
            Row(name: "abs_return_acf_1m_lag30", value: medianAbsACF(30), lower: 0.01, upper: 0.4,
                note: "… at lag 30 min"),
            Row(name: "trade_count_dispersion_1m", value: S.median(dispersions), lower: 2, upper: nil,
                note: "median Pearson dispersion of 1-minute trade counts around the day's U-curve (Poisson = 1)"),
            Row(name: "hot_10m_persistence_lift", value: S.hotPersistenceLift(hotActivity), lower: 2, upper: 10,
                note: "P(top-10 % activity next 10 min | top-10 % now) / P(top-10 %)"),
            Row(name: "corr_1m_inter_sector", value: sectors?.between, lower: 0.005, upper: 0.3,
                note: "mean pairwise correlation of 1-minute returns, different sectors"),
            Row(name: "corr_1m_intra_sector", value: sectors?.within, lower: 0.01, upper: 0.5,
                note: "… same sector"),
            Row(name: "corr_1m_sector_ratio", value: sectors.map { $0.within / $0.between }, lower: 1.3, upper: 10,
                note: "intra-sector over inter-sector correlation"),
            Row(name: "corr_1m_intra_theme", value: themes?.within, lower: 0.01, upper: 0.6,
                note: "mean pairwise correlation of 1-minute returns, same theme"),
            Row(name: "theme_cosurge_lift_5m", value: S.coSurgeLift(onsets: onsets, theme: theme, window: 5), lower: 2, upper: nil,
                note: "after a +3 %/5 min surge: share of theme mates surging within ±5 min over share of other stocks"),
            Row(name: "volume_open_to_midday", value: openRatio, lower: 1.5, upper: 8,
                note: "volume per minute, first 30 min over the quietest 30-min bucket"),
            Row(name: "volume_close_to_midday", value: closeRatio, lower: 1.1, upper: 5,
                note: "volume per minute, last 30 min of continuous trading over the quietest 30-min bucket"),
        ]
    }

    /// The U-shape of a per-minute volume series: first and last 30 minutes over the quietest 30-minute
    /// bucket in between; nil when the window is shorter than three buckets.
    public static func uShape(_ perMinute: [Double]) -> (open: Double?, close: Double?) {
        let bucket = 30
        guard perMinute.count >= 3 * bucket else { return (nil, nil) }
        func mean(_ r: Range<Int>) -> Double { r.reduce(0) { $0 + perMinute[$1] } / Double(r.count) }
        let first = mean(0..<bucket)
        let last = mean((perMinute.count - bucket)..<perMinute.count)
        let middle = stride(from: bucket, to: perMinute.count - 2 * bucket + 1, by: bucket).map { mean($0..<($0 + bucket)) }
        guard let quiet = middle.min(), quiet > 0 else { return (nil, nil) }
        return (first / quiet, last / quiet)
    }
}
