import Foundation

/// How often the KRX mechanics that are not endogenous happen: halts, warning designations and
/// limit runs (stocks driven to the daily limit by news). Each default is a published KRX figure
/// or, where none was found, a documented assumption; sources in `docs/krx-mechanics.md` ("KRX
/// mechanics: rates"). Counts are per full-universe day and shrink with the universe scale.
/// VI triggers are not here: they follow from the prices (see `VolatilityInterruption`).
public struct MechanicsRates: Sendable, Equatable {
    /// Share of listings halted all day (거래정지 for a delisting cause): 95 of ~2,650 KOSPI and
    /// KOSDAQ listings (KRX count of 2024-08-25: 74 KOSDAQ, 21 KOSPI).
    public var haltedAllDayShare = 0.036
    /// Intraday halts per day (a disclosure halt, resumed by a 10-minute call auction). No
    /// published count was found: an assumption.
    public var intradayHalts = 1.0
    /// Length of an intraday halt, market seconds (30 minutes, the disclosure-halt rule).
    public var intradayHaltSeconds: Double = 1_800
    /// Limit-up runs per day: 16,055 upper-limit touches in KOSPI and KOSDAQ from 2015-06-15 to
    /// 2025 (about 2,450 trading days), 6.5 a day.
    public var upperLimitRuns = 6.5
    /// Share of upper-limit touches held to the close (9,190 of 16,055, 57.2 %).
    public var limitHoldShare = 0.572
    /// Limit-down runs per day: 0.6 (KRX, the first two weeks of the ±30 % limits).
    public var lowerLimitRuns = 0.6
    /// Warning statuses in force on a day (iscd_stat_cls_code): 54 투자주의 ~15 (KRX market
    /// surveillance: 32–108 designations a week, each for one day), 53 투자경고 15 (3–21 a week
    /// designated, each for at least 10 days), 52 투자위험 2 (1–8 a month), 51 관리종목 50
    /// (assumption, no count found), 59 단기과열 5 (assumption).
    public var statusCounts: [Int: Int] = [54: 15, 53: 15, 52: 2, 51: 50, 59: 5]

    public init() {}

    /// No halts, warnings or limit runs (a day of the price process alone).
    public static var none: MechanicsRates {
        var r = MechanicsRates()
        r.haltedAllDayShare = 0
        r.intradayHalts = 0
        r.upperLimitRuns = 0
        r.lowerLimitRuns = 0
        r.statusCounts = [:]
        return r
    }
}

/// The day's halts, warning statuses and limit runs, drawn from the seed before the market runs.
/// Stocks carrying planted events are left out, so every planted event stays catchable.
public struct MechanicsSchedule: Sendable, Equatable {
    /// A trading halt (거래정지): all day (`start` 0, `end` 86,400) or intraday.
    public struct Halt: Sendable, Equatable {
        public var code: String
        public var start: Double
        public var end: Double
        public var isAllDay: Bool { start <= 0 && end >= 86_400 }
    }

    /// A news-driven run to the daily limit: it starts at `start`, reaches the limit within
    /// `reachSeconds`, and either holds to the close or is sold off after `holdSeconds` at the limit.
    public struct LimitRun: Sendable, Equatable {
        public var code: String
        public var isUp: Bool
        public var start: Double
        public var reachSeconds: Double
        public var holds: Bool
        public var holdSeconds: Double
    }

    public var halts: [Halt]
    public var limitRuns: [LimitRun]
    /// Listing status code (iscd_stat_cls_code) for the listings that are not `55` (normal).
    public var statuses: [String: Int]

    public init(halts: [Halt] = [], limitRuns: [LimitRun] = [], statuses: [String: Int] = [:]) {
        self.halts = halts
        self.limitRuns = limitRuns
        self.statuses = statuses
    }

    /// Draws the schedule from the configuration's seed and rates, avoiding `excluded` codes.
    public init(universe: SimulatedUniverse, configuration: SimulationConfiguration, excluding excluded: Set<String>) {
        var rng = SeededGenerator(seed: configuration.seed, stream: 0x4D45_4348_414E)  // "MECHAN"
        let rates = configuration.mechanics
        let scale = configuration.universeScale
        var order = universe.listings.map(\.code).filter { !excluded.contains($0) }
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
        var cursor = 0
        func next() -> String? {
            guard cursor < order.count else { return nil }
            defer { cursor += 1 }
            return order[cursor]
        }
        func count(_ mean: Double) -> Int { mean <= 0 ? 0 : rng.nextPoisson(mean: mean * scale) }
        var halts: [Halt] = []
        var statuses: [String: Int] = [:]
        for _ in 0..<Int((rates.haltedAllDayShare * Double(universe.count)).rounded()) {
            guard let code = next() else { break }
            halts.append(Halt(code: code, start: 0, end: 86_400))
            statuses[code] = 58
        }
        for _ in 0..<count(rates.intradayHalts) {
            guard let code = next() else { break }
            let start = (KRXRules.continuousStart + 1_800 + rng.nextUnit() * 18_000).rounded(.down)
            halts.append(Halt(code: code, start: start, end: start + rates.intradayHaltSeconds))
        }
        var runs: [LimitRun] = []
        for (mean, isUp) in [(rates.upperLimitRuns, true), (rates.lowerLimitRuns, false)] {
            for _ in 0..<count(mean) {
                guard let code = next() else { break }
                let start = (KRXRules.continuousStart + 300 + rng.nextUnit() * 18_000).rounded(.down)
                let reach = rng.nextDouble(in: 1_200...5_400).rounded()
                let holds = rng.nextUnit() < rates.limitHoldShare
                runs.append(LimitRun(code: code, isUp: isUp, start: start, reachSeconds: reach, holds: holds,
                                     holdSeconds: rng.nextDouble(in: 300...3_600).rounded()))
            }
        }
        // Warning statuses go to other listings (a halted stock shows 58).
        for (status, n) in rates.statusCounts.sorted(by: { $0.key < $1.key }) {
            for _ in 0..<Int((Double(n) * scale).rounded()) {
                guard let code = next() else { break }
                statuses[code] = status
            }
        }
        self.init(halts: halts.sorted { ($0.start, $0.code) < ($1.start, $1.code) },
                  limitRuns: runs.sorted { ($0.start, $0.code) < ($1.start, $1.code) }, statuses: statuses)
    }
}
