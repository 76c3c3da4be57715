/// Every null the evaluator keeps: per stock (in its `Tracking`) and per pool of similar stocks, for
/// each rule's statistics. Pure: samples in, calibrations out.
///
/// Two things per pool: the location and scale of the raw statistic (for a stock with little
/// history of its own), and the tail of the statistic standardized by each stock's null as it stood
/// when the sample came (`TailHistogram`): the stock gives the scale, the pool the shape. A pool of
/// the stock's market and liquidity band gives the shape once it has a fit; before, the pool of all
/// stocks (2,600 stocks fill it within minutes of the open).
///
/// A pool judges a stock's minute m by the market's samples of minutes m − `lagMinutes` and before,
/// folded in a fixed order (minute, stock, rule, channel) when a later minute first asks: so the
/// yardstick is a function of the market's data, not of the order it arrived in. A stock's own null
/// is its own samples, in its own order, and needs no such care. (Folding each sample as it came made
/// a stock's yardstick depend on which other stocks the pipeline happened to read first in the
/// minute — a WebSocket trade read a moment before or after a REST batch — and a replay of a
/// recorded session fired a fifth of its momentum signals at other moments than the recording.)
/// The lag of two minutes lets data up to a minute late (`DataTime` believes data up to 30 s old)
/// still fall in its own minute's fold.
struct NullBook: Sendable {
    let budget: FalseAlarmBudget
    /// Per rule, per channel: the statistic's description, the tail probability one test may have
    /// and its normal quantile (nil: no budget for it). A rule's channels share its kind's budget.
    let statistics: [[NullStatistic]]
    let probabilities: [[Double?]]
    let normalCriticals: [[Double?]]
    /// Per rule, per channel: whether the budget sets the threshold of a statistic tested all day
    /// (not once a day, `isPooledOnly`), so that the rule holds fire until a null exists
    /// (`EvaluationContext.passesBudget`).
    let holdsUntilNull: [[Bool]]
    /// Whether the pooled tails set the thresholds (`tailShape` `pooled`; else Student's t alone).
    let usesTails: Bool
    /// Whole minutes between a sample and the first minute its pool judges by it. 2.
    static let lagMinutes = 2
    /// Folds kept for data that comes after a later minute's fold (data a minute or more late).
    static let keptFolds = 4

    /// What the pools tell a calibration: the location and scale of each pool's raw statistic and
    /// its tail's fit, as of one fold.
    private struct PoolView: Sendable {
        var pools: [NullPoolKey: NullDistribution] = [:]
        var fits: [NullPoolKey: TailFit] = [:]
    }

    /// A sample of a pool not folded in yet: its minute, stock, rule and channel (the fold's order),
    /// raw value and standardized value (nil: no calibration of the stock's own when it came).
    private struct PendingSample: Sendable {
        var minute: Int
        var code: String
        var key: NullPoolKey
        var value: Double
        var standardized: Double?
    }

    /// The pools' tails as folded (`folds.last`'s fits are theirs).
    private var tails: [NullPoolKey: TailHistogram] = [:]
    /// The last few folds, oldest first: the minute through which each holds the market's samples
    /// (`Int.min`: none yet) and its view.
    private var folds: [(through: Int, view: PoolView)] = [(Int.min, PoolView())]
    private var pending: [PendingSample] = []
    /// The earliest minute among `pending` (nil: none).
    private var earliestPending: Int?

    init(rules: [any SignalRule], budget: FalseAlarmBudget) {
        self.budget = budget
        usesTails = budget.configuration.tailShape == .pooled
        statistics = rules.map(\.nullStatistics)
        probabilities = statistics.map { channels in
            let tests = channels.reduce(0) { $0 + max(0, $1.testsPerDay) }
            return channels.map { statistic in
                statistic.testsPerDay > 0 ? budget.perTestProbability(testsPerStockPerDay: tests) : nil
            }
        }
        holdsUntilNull = zip(statistics, probabilities).map { channels, probabilities in
            zip(channels, probabilities).map { statistic, p in
                budget.configuration.holdUntilNull && p != nil && !statistic.isPooledOnly
            }
        }
        normalCriticals = zip(statistics, probabilities).map { channels, probabilities in
            zip(channels, probabilities).map { statistic, p in p.map { NormalTail.quantile($0, tail: statistic.tail) } }
        }
    }

    /// The pool of every stock, whatever its market and band.
    static func wholeMarket(rule: Int, channel: Int) -> NullPoolKey { NullPoolKey(rule: rule, channel: channel, market: "*", band: Int.min) }

    /// Folds one sample of rule `rule`'s statistic `channel`, the stock `code`'s in market minute
    /// `minute`, into the stock's null now, and into its pool — with its standardized value under
    /// `calibration` (the stock's null before this sample; nil: none yet, and the tails do not get
    /// it) into the pools' tails — once a minute `lagMinutes` later asks (`advance(to:)`).
    mutating func observe(_ value: Double, rule: Int, channel: Int, own: inout NullDistribution, market: String, band: Int,
                          calibration: NullCalibration? = nil, code: String, minute: Int) {
        guard value.isFinite else { return }
        own.observe(value)
        var standardized: Double?
        if usesTails, !statistics[rule][channel].isPooledOnly, let calibration, calibration.scale > 0 {
            standardized = calibration.standardized(value)
        }
        pending.append(PendingSample(minute: minute, code: code, key: NullPoolKey(rule: rule, channel: channel, market: market, band: band),
                                     value: value, standardized: standardized))
        earliestPending = min(earliestPending ?? minute, minute)
    }

    /// Folds the pending samples of minutes up to `minute − lagMinutes` into the pools, a minute at
    /// a time in (minute, stock, rule, channel) order, keeping each minute's view for data that
    /// comes late. Cheap when there is nothing to fold (the hot path asks on every stock's new minute).
    mutating func advance(to minute: Int) {
        let through = minute - Self.lagMinutes
        guard let earliest = earliestPending, earliest <= through else { return }
        var due = pending.filter { $0.minute <= through }
        pending.removeAll { $0.minute <= through }
        earliestPending = pending.map(\.minute).min()
        due.sort { ($0.minute, $0.code, $0.key.rule, $0.key.channel) < ($1.minute, $1.code, $1.key.rule, $1.key.channel) }
        var start = due.startIndex
        while start < due.endIndex {
            let sampleMinute = due[start].minute
            let end = due[start...].firstIndex { $0.minute != sampleMinute } ?? due.endIndex
            fold(due[start..<end], through: max(sampleMinute, folds[folds.count - 1].through))
            start = end
        }
    }

    /// One minute's samples into a new fold: the pools' location and scale, the tails, and the fits
    /// of the tails they changed.
    private mutating func fold(_ samples: ArraySlice<PendingSample>, through: Int) {
        var view = folds[folds.count - 1].view
        var touched = Set<NullPoolKey>()
        for sample in samples {
            view.pools[sample.key, default: NullDistribution()].observe(sample.value)
            guard let u = sample.standardized else { continue }
            let whole = Self.wholeMarket(rule: sample.key.rule, channel: sample.key.channel)
            tails[sample.key, default: TailHistogram()].observe(u)
            tails[whole, default: TailHistogram()].observe(u)
            touched.insert(sample.key); touched.insert(whole)
        }
        for key in touched { view.fits[key] = tails[key]?.refit() }
        folds.append((through, view))
        if folds.count > Self.keptFolds { folds.removeFirst(folds.count - Self.keptFolds) }
    }

    /// The fold a stock's minute `minute` is judged by: the latest through `minute − lagMinutes`
    /// (the oldest kept for data later than the folds kept, which `DataTime` does not let through).
    private func view(for minute: Int) -> PoolView {
        let through = minute - Self.lagMinutes
        return (folds.last { $0.through <= through } ?? folds[0]).view
    }

    /// The pooled tail shape for a stock: its market and band's once fitted, else the whole market's
    /// (nil before either: Student's t, as for a lone stock that never fills a pool). None for a
    /// statistic a stock yields once a day (a gap, the day's volume ratio): its pool holds the day's
    /// few distinct values, whose top 1 % is the day's news, and one test in a day needs no 1e-5 tail.
    private func fit(rule: Int, channel: Int, key: NullPoolKey, in view: PoolView) -> TailFit? {
        guard usesTails, !statistics[rule][channel].isPooledOnly else { return nil }
        return view.fits[key] ?? view.fits[Self.wholeMarket(rule: rule, channel: channel)]
    }

    /// Folds a standardized sample into the whole market's tail alone, at once (a universe's shape
    /// learnt elsewhere: the tests of one stock among many).
    mutating func learnShape(_ u: Double, rule: Int, channel: Int) {
        let key = Self.wholeMarket(rule: rule, channel: channel)
        tails[key, default: TailHistogram()].observe(u)
        folds[folds.count - 1].view.fits[key] = tails[key]?.refit()
    }

    /// The calibration of a statistic for a stock in market minute `minute`: its own null once it
    /// holds `minimumHistory` samples, else its pool's once that holds `minimumPoolSamples`, else nil
    /// (the rule's own configured threshold alone); with the pooled tail's shape once one is fitted.
    /// The pools as of the fold for `minute` (`advance(to:)` first).
    func calibration(rule: Int, channel: Int, own: NullDistribution?, market: String, band: Int, minute: Int) -> NullCalibration? {
        let statistic = statistics[rule][channel]
        let normal = normalCriticals[rule][channel]
        let probability = probabilities[rule][channel]
        let key = NullPoolKey(rule: rule, channel: channel, market: market, band: band)
        let view = view(for: minute)
        let shape = fit(rule: rule, channel: channel, key: key, in: view)
        if !statistic.isPooledOnly, let own, own.count >= minimumOwnHistory, own.standardDeviation > 0 {
            return NullCalibration(own, normal: normal, probability: probability, tail: statistic.tail, isPooled: false, fit: shape)
        }
        if let pool = view.pools[key], pool.count >= max(2, budget.configuration.minimumPoolSamples), pool.standardDeviation > 0 {
            return NullCalibration(pool, normal: normal, probability: probability, tail: statistic.tail, isPooled: true, fit: shape)
        }
        return nil
    }

    /// Per channel of rule `rule`, whether it holds fire for want of a null (`EvaluationContext.passesBudget`):
    /// a budgeted statistic tested all day, on a stock whose own history is still short, while it has
    /// no calibration (its pool is short too: the first minutes the statistic exists) or, with the
    /// pooled tails, its pool's calibration has no tail shape yet (a Gaussian shape on a pool's
    /// location and scale sets the budget's threshold far too low for heavy tails: the minutes
    /// after a statistic's pool fills would fire chance moves by the dozen). A stock with a full
    /// history and no calibration (its statistic never varied: a price that never moved) is no
    /// longer waiting; its rule's configured threshold decides.
    func awaitsNull(rule: Int, own: [NullDistribution]?, calibrations: [NullCalibration?]) -> [Bool] {
        holdsUntilNull[rule].enumerated().map { channel, holds in
            guard holds, (own.map { channel < $0.count ? $0[channel].count : 0 } ?? 0) < minimumOwnHistory else { return false }
            guard channel < calibrations.count, let calibration = calibrations[channel] else { return true }
            return lacksShape(calibration)
        }
    }

    /// Whether some channel's null may be incomplete (`awaitsNull` then says which): none yet, or a
    /// pool's without its tail shape. Cheap: the hot path asks on every evaluation.
    func mayAwait(_ calibrations: [NullCalibration?]) -> Bool {
        calibrations.contains { $0.map(lacksShape) ?? true }
    }

    private func lacksShape(_ calibration: NullCalibration) -> Bool { usesTails && calibration.isPooled && calibration.fit == nil }

    /// Samples of its own a stock's null needs (`minimumHistory`, at least 2).
    private var minimumOwnHistory: Int { max(2, budget.configuration.minimumHistory) }

    mutating func reset() { tails = [:]; folds = [(Int.min, PoolView())]; pending = []; earliestPending = nil }
}
