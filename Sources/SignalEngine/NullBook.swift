/// Every null the evaluator keeps: per stock (in its `Tracking`) and per pool of similar stocks, for
/// each rule's statistics. Pure: samples in, calibrations out.
struct NullBook: Sendable {
    let budget: FalseAlarmBudget
    /// Per rule, per channel: the statistic's description and the normal quantile of the tail
    /// probability one test may have (nil: no budget for it). A rule's channels share its kind's budget.
    let statistics: [[NullStatistic]]
    let normalCriticals: [[Double?]]
    private(set) var pools: [NullPoolKey: NullDistribution] = [:]

    init(rules: [any SignalRule], budget: FalseAlarmBudget) {
        self.budget = budget
        statistics = rules.map(\.nullStatistics)
        normalCriticals = statistics.map { channels in
            let tests = channels.reduce(0) { $0 + max(0, $1.testsPerDay) }
            return channels.map { statistic in
                guard statistic.testsPerDay > 0, let p = budget.perTestProbability(testsPerStockPerDay: tests) else { return nil }
                return NormalTail.quantile(p, tail: statistic.tail)
            }
        }
    }

    /// Folds one sample of rule `rule`'s statistic `channel` into the stock's null and its pool.
    mutating func observe(_ value: Double, rule: Int, channel: Int, own: inout NullDistribution, market: String, band: Int) {
        guard value.isFinite else { return }
        own.observe(value)
        pools[NullPoolKey(rule: rule, channel: channel, market: market, band: band), default: NullDistribution()].observe(value)
    }

    /// The calibration of a statistic for a stock now: its own null once it holds `minimumHistory`
    /// samples, else its pool's once that holds `minimumPoolSamples`, else nil (the rule's own
    /// configured threshold alone).
    func calibration(rule: Int, channel: Int, own: NullDistribution?, market: String, band: Int) -> NullCalibration? {
        let statistic = statistics[rule][channel]
        let normal = normalCriticals[rule][channel]
        if !statistic.isPooledOnly, let own, own.count >= max(2, budget.configuration.minimumHistory), own.standardDeviation > 0 {
            return NullCalibration(own, normal: normal, tail: statistic.tail, isPooled: false)
        }
        if let pool = pools[NullPoolKey(rule: rule, channel: channel, market: market, band: band)],
           pool.count >= max(2, budget.configuration.minimumPoolSamples), pool.standardDeviation > 0 {
            return NullCalibration(pool, normal: normal, tail: statistic.tail, isPooled: true)
        }
        return nil
    }

    mutating func reset() { pools = [:] }
}
