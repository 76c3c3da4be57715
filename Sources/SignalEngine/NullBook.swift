/// Every null the evaluator keeps: per stock (in its `Tracking`) and per pool of similar stocks, for
/// each rule's statistics. Pure: samples in, calibrations out.
struct NullBook: Sendable {
    let budget: FalseAlarmBudget
    /// Per rule, per channel: the statistic's description and its critical value.
    let statistics: [[NullStatistic]]
    let criticals: [[Double]]
    private(set) var pools: [NullPoolKey: NullDistribution] = [:]

    init(rules: [any SignalRule], budget: FalseAlarmBudget) {
        self.budget = budget
        statistics = rules.map(\.nullStatistics)
        criticals = statistics.map { channels in
            channels.map { budget.critical(testsPerStockPerDay: $0.testsPerDay, tail: $0.tail) }
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
        let critical = criticals[rule][channel]
        if !statistic.isPooledOnly, let own, own.count >= budget.configuration.minimumHistory, own.standardDeviation > 0 {
            return NullCalibration(location: own.mean, scale: own.standardDeviation, critical: critical, tail: statistic.tail)
        }
        if let pool = pools[NullPoolKey(rule: rule, channel: channel, market: market, band: band)],
           pool.count >= budget.configuration.minimumPoolSamples, pool.standardDeviation > 0 {
            return NullCalibration(location: pool.mean, scale: pool.standardDeviation, critical: critical, tail: statistic.tail,
                                   isPooled: true)
        }
        return nil
    }

    mutating func reset() { pools = [:] }
}
