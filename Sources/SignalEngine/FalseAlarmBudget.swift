/// The false-alarm budget: how many chance signals of each kind a day the whole universe may
/// produce, turned into each rule's threshold. A rule that fires at "4 σ" on one stock is tested
/// about 2,600 times a minute across the market, so chance crossings add up; Bonferroni's bound
/// keeps them to the budget: each single test may fail with probability
/// `budget / (stocks × tests per stock per day)`, and the threshold is the standardized value
/// with that tail probability under the stock's null (`NullCalibration`).
public struct FalseAlarmBudget: Sendable, Equatable {
    public let configuration: SignalsConfiguration.Budget

    public init(_ configuration: SignalsConfiguration.Budget) { self.configuration = configuration }

    public var isEnabled: Bool { configuration.signalsPerKindPerDay > 0 }

    /// The tail probability one test may have, for a rule tested `testsPerStockPerDay` times a day
    /// on each stock (nil: the budget is off, or the rule is not tested repeatedly).
    public func perTestProbability(testsPerStockPerDay: Double) -> Double? {
        guard isEnabled, testsPerStockPerDay > 0, configuration.universeStocks > 0 else { return nil }
        return min(1, configuration.signalsPerKindPerDay / (Double(configuration.universeStocks) * testsPerStockPerDay))
    }
}

/// A rule's statistics for the null: what each measures and how often a stock is tested on it.
public struct NullStatistic: Sendable, Equatable {
    public var tail: NullTail
    /// Independent tests per stock per day (≈ the minutes in the rule's active window; 0 = the
    /// statistic only yields a confidence, no budgeted threshold).
    public var testsPerDay: Double
    /// Whether the null is the pool alone (a statistic a stock yields once a day, like its gap,
    /// has no history of its own).
    public var isPooledOnly: Bool

    public init(tail: NullTail, testsPerDay: Double, isPooledOnly: Bool = false) {
        self.tail = tail; self.testsPerDay = testsPerDay; self.isPooledOnly = isPooledOnly
    }
}

/// Similar stocks, for a stock with little history of its own: the same market and liquidity band
/// (decade of the previous day's traded value in won; −1 when unknown).
public struct NullPoolKey: Hashable, Sendable {
    public var rule: Int
    public var channel: Int
    public var market: String
    public var band: Int

    public init(rule: Int, channel: Int, market: String, band: Int) {
        self.rule = rule; self.channel = channel; self.market = market; self.band = band
    }

    /// The decade of `price × volume` (won), −1 without both.
    public static func band(price: Int?, volume: Int?) -> Int {
        guard let price, let volume, price > 0, volume > 0 else { return -1 }
        var value = Double(price) * Double(volume), band = 0
        while value >= 10 { value /= 10; band += 1 }
        return band
    }
}

/// What the evaluator may know about a stock before its first tick (the KIS master files): its
/// market and the previous day's whole volume.
public struct StockProfile: Sendable, Equatable {
    public var market: String
    public var previousDayVolume: Int?
    public init(market: String, previousDayVolume: Int?) { self.market = market; self.previousDayVolume = previousDayVolume }
}
