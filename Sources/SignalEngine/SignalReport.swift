import IPC

/// The daily evaluation, as the source document's report: per kind and per strategy window, how
/// many signals, how often, how often right, and what following them naively would have made.
/// A signal is a hit when the price moved `targetPercent` its way within the horizon; following it
/// means entering at its price and exiting at the last price within the horizon (or at the report).
public struct SignalReport: Codable, Sendable, Equatable {
    /// Figures of one group of signals.
    public struct Bucket: Codable, Sendable, Equatable {
        public var count = 0
        public var signalsPerHour = 0.0
        public var hits = 0
        /// hits / count.
        public var hitRate = 0.0
        /// Sum of positive and of negative returns of following, percent points.
        public var grossProfitPercent = 0.0
        public var grossLossPercent = 0.0
        /// grossProfit / |grossLoss|; `nil` when nothing lost.
        public var profitFactor: Double?
        public var netReturnPercent = 0.0
        /// This group's share of the day's net return, percent; `nil` when the day netted zero.
        public var contributionPercent: Double?
        public init() {}
    }

    /// Market time of the report, ISO 8601 KST.
    public var time: String
    public var targetPercent: Double
    public var horizonMinutes: Double
    /// Hours of the session (from 08:30) covered.
    public var hours: Double
    public var total: Bucket
    public var byKind: [String: Bucket]
    public var byWindow: [String: Bucket]
    /// The signals judged by what the price did next (5, 15, 30 market minutes), per kind and per
    /// kind and hour of the day (`ForwardOutcome`); nil in reports from before it.
    public var forward: ForwardOutcome.Report?

    /// Session start for rates: 08:30 KST.
    public static let sessionStart: Double = 8 * 3600 + 1800
    public static let sessionEnd: Double = 15 * 3600 + 1800

    /// Builds the report from the day's outcomes at market time `now`.
    public static func make(outcomes: [SignalOutcome], now: Double, targetPercent: Double, horizonMinutes: Double) -> SignalReport {
        let second = MarketClock.secondsOfDay(now)
        let hours = max(0, min(second, sessionEnd) - sessionStart) / 3600
        let totalNet = outcomes.reduce(0) { $0 + $1.returnPercent }
        func bucket(_ group: [SignalOutcome], hours: Double) -> Bucket {
            var b = Bucket()
            b.count = group.count
            b.signalsPerHour = hours > 0 ? Double(group.count) / hours : 0
            b.hits = group.filter { $0.maxFavorablePercent >= targetPercent }.count
            b.hitRate = group.isEmpty ? 0 : Double(b.hits) / Double(group.count)
            for outcome in group {
                let r = outcome.returnPercent
                if r > 0 { b.grossProfitPercent += r } else { b.grossLossPercent += r }
            }
            b.profitFactor = b.grossLossPercent < 0 ? b.grossProfitPercent / -b.grossLossPercent : nil
            b.netReturnPercent = b.grossProfitPercent + b.grossLossPercent
            b.contributionPercent = totalNet != 0 ? b.netReturnPercent / abs(totalNet) * 100 : nil
            return b
        }
        var byKind: [String: Bucket] = [:]
        for (kind, group) in Dictionary(grouping: outcomes, by: \.kind) { byKind[kind] = bucket(group, hours: hours) }
        var byWindow: [String: Bucket] = [:]
        for window in StrategyWindow.allCases {
            let group = outcomes.filter { $0.window == window.rawValue }
            guard !group.isEmpty else { continue }
            byWindow[window.rawValue] = bucket(group, hours: window.elapsedHours(atSecondOfDay: second))
        }
        return SignalReport(time: MarketClock.isoString(now), targetPercent: targetPercent, horizonMinutes: horizonMinutes,
                            hours: hours, total: bucket(outcomes, hours: hours), byKind: byKind, byWindow: byWindow)
    }
}
