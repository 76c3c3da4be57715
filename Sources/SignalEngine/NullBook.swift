/// Every null the evaluator keeps: per stock (in its `Tracking`) and per pool of similar stocks, for
/// each rule's statistics. Pure: samples in, calibrations out.
///
/// Two things per pool: the location and scale of the raw statistic (for a stock with little
/// history of its own), and the tail of the statistic standardized by each stock's null as it stood
/// when the sample came (`TailHistogram`): the stock gives the scale, the pool the shape. A pool of
/// the stock's market and liquidity band gives the shape once it has a fit; before, the pool of all
/// stocks (2,600 stocks fill it within minutes of the open).
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
    private(set) var pools: [NullPoolKey: NullDistribution] = [:]
    private(set) var tails: [NullPoolKey: TailHistogram] = [:]

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

    /// Folds one sample of rule `rule`'s statistic `channel` into the stock's null and its pool, and
    /// its standardized value under `calibration` (the stock's null before this sample; nil: none
    /// yet, and the tails do not get it) into the pools' tails.
    mutating func observe(_ value: Double, rule: Int, channel: Int, own: inout NullDistribution, market: String, band: Int,
                          calibration: NullCalibration? = nil) {
        guard value.isFinite else { return }
        own.observe(value)
        let key = NullPoolKey(rule: rule, channel: channel, market: market, band: band)
        pools[key, default: NullDistribution()].observe(value)
        guard usesTails, !statistics[rule][channel].isPooledOnly, let calibration, calibration.scale > 0 else { return }
        let u = calibration.standardized(value)
        tails[key, default: TailHistogram()].observe(u)
        tails[Self.wholeMarket(rule: rule, channel: channel), default: TailHistogram()].observe(u)
    }

    /// The pooled tail shape for a stock: its market and band's once fitted, else the whole market's
    /// (nil before either: Student's t, as for a lone stock that never fills a pool). None for a
    /// statistic a stock yields once a day (a gap, the day's volume ratio): its pool holds the day's
    /// few distinct values, whose top 1 % is the day's news, and one test in a day needs no 1e-5 tail.
    func fit(rule: Int, channel: Int, key: NullPoolKey) -> TailFit? {
        guard usesTails, !statistics[rule][channel].isPooledOnly else { return nil }
        return tails[key]?.fit ?? tails[Self.wholeMarket(rule: rule, channel: channel)]?.fit
    }

    /// Folds a standardized sample into the whole market's tail alone (a universe's shape learnt
    /// elsewhere: the tests of one stock among many).
    mutating func learnShape(_ u: Double, rule: Int, channel: Int) {
        tails[Self.wholeMarket(rule: rule, channel: channel), default: TailHistogram()].observe(u)
    }

    /// The calibration of a statistic for a stock now: its own null once it holds `minimumHistory`
    /// samples, else its pool's once that holds `minimumPoolSamples`, else nil (the rule's own
    /// configured threshold alone); with the pooled tail's shape once one is fitted.
    func calibration(rule: Int, channel: Int, own: NullDistribution?, market: String, band: Int) -> NullCalibration? {
        let statistic = statistics[rule][channel]
        let normal = normalCriticals[rule][channel]
        let probability = probabilities[rule][channel]
        let key = NullPoolKey(rule: rule, channel: channel, market: market, band: band)
        let shape = fit(rule: rule, channel: channel, key: key)
        if !statistic.isPooledOnly, let own, own.count >= minimumOwnHistory, own.standardDeviation > 0 {
            return NullCalibration(own, normal: normal, probability: probability, tail: statistic.tail, isPooled: false, fit: shape)
        }
        if let pool = pools[key], pool.count >= max(2, budget.configuration.minimumPoolSamples), pool.standardDeviation > 0 {
            return NullCalibration(pool, normal: normal, probability: probability, tail: statistic.tail, isPooled: true, fit: shape)
        }
        return nil
    }

    /// Per channel of rule `rule`, whether it holds fire for want of a null (`EvaluationContext.passesBudget`):
    /// a budgeted statistic tested all day, on a stock whose own history is still short (without a
    /// calibration, that means its pool is short too: the first minutes the statistic exists). A
    /// stock with a full history and no calibration (its statistic never varied: a price that never
    /// moved) is no longer waiting; its rule's configured threshold decides.
    func awaitsNull(rule: Int, own: [NullDistribution]?) -> [Bool] {
        holdsUntilNull[rule].enumerated().map { channel, holds in
            holds && (own.map { channel < $0.count ? $0[channel].count : 0 } ?? 0) < minimumOwnHistory
        }
    }

    /// Samples of its own a stock's null needs (`minimumHistory`, at least 2).
    private var minimumOwnHistory: Int { max(2, budget.configuration.minimumHistory) }

    mutating func reset() { pools = [:]; tails = [:] }
}
