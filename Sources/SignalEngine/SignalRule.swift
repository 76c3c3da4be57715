import IPC

extension SignalDirection {
    /// `up` for a move of zero or more, else `down`.
    init(_ value: Double) { self = value >= 0 ? .up : .down }
}

/// What an evaluator sees right now about one stock.
public struct EvaluationContext: Sendable {
    /// Market time, epoch seconds.
    public var now: Double
    public var secondsOfDay: Double { MarketClock.secondsOfDay(now) }
    public var secondsSinceOpen: Double { StockState.secondsSinceOpen(now) }
    /// 09:00–15:20 KST: continuous trading. Outside it prices and volumes come from auctions (the
    /// 15:30 closing cross prints a day's worth of volume at once), which are no burst or run.
    public var isContinuousSession: Bool {
        secondsSinceOpen >= 0 && secondsOfDay < ClosingMomentumRule.end
    }
    /// Per channel of the rule being evaluated, its null for this stock now (`NullCalibration`);
    /// empty for a rule without statistics or before any null exists.
    public var calibrations: [NullCalibration?] = []
    /// Per channel, whether its threshold is the budget's and still waits for a null (`NullBook.awaitsNull`):
    /// a statistic tested all day on every stock has no threshold before its null exists.
    public var awaitsNull: [Bool] = []
    public init(now: Double, calibrations: [NullCalibration?] = [], awaitsNull: [Bool] = []) {
        self.now = now; self.calibrations = calibrations; self.awaitsNull = awaitsNull
    }

    public func calibration(_ channel: Int) -> NullCalibration? { channel < calibrations.count ? calibrations[channel] : nil }

    /// Whether `value` of statistic `channel` is beyond what the false-alarm budget allows by chance.
    /// False while a budgeted statistic tested all day awaits its null (its threshold does not exist
    /// yet: at 09:13 the first minute of volume bursts has no null, and the configured floor alone
    /// fired 27 of seed 41's 80 pooled bursts in 09:13–09:14; nor does it while the pool has a
    /// location and scale but not yet its tail's shape). Else the null's verdict, or without a null
    /// true (the rule's own configured threshold decides alone: no budget, a statistic a stock yields
    /// once a day, or a stock whose long history of it never varied).
    public func passesBudget(_ value: Double, channel: Int = 0) -> Bool {
        if channel < awaitsNull.count, awaitsNull[channel] { return false }
        return calibration(channel)?.exceeds(value) ?? true
    }
}

/// An evaluator's finding: a condition that holds now. `SignalEvaluator` turns it into a signal
/// only when it newly holds (its `variant` changed since the last evaluation) and the cooldown of
/// `(stock, kind, cooldownScope)` has passed, so a condition that stays true fires once at its crossing.
public struct SignalCandidate: Sendable, Equatable {
    public var kind: SignalKind
    /// Extra fields for the signal (the KRX kinds' reference price, VI prices, queue).
    public var details = SignalDetails()
    public var direction: SignalDirection
    /// In the evaluator's unit (gap %, volume ratio, shares, return %, bid share …).
    public var strength: Double
    /// How far beyond its threshold, ≥ 1 (strength / threshold): drives promotion priority.
    public var intensity: Double
    public var reason: String
    /// Identifies the condition for crossing detection (direction, level, threshold …).
    public var variant: Int
    /// Cooldown scope within the kind (e.g. expected vs actual open, a threshold) and length.
    public var cooldownScope: Int
    public var cooldownSeconds: Double
    /// A watch-level finding raises the stock's score with the allocator but is not published.
    public var isWatchOnly: Bool
    /// The value of the rule's null statistic `channel` that fired (`SignalRule.nullStatistics`),
    /// from which the signal's confidence is computed; nil for a rule without one.
    public var statistic: Double?
    public var channel: Int

    public init(kind: SignalKind, direction: SignalDirection, strength: Double, intensity: Double, reason: String,
                variant: Int? = nil, cooldownScope: Int = 0, cooldownSeconds: Double, isWatchOnly: Bool = false,
                statistic: Double? = nil, channel: Int = 0) {
        self.kind = kind; self.direction = direction; self.strength = strength; self.intensity = max(1, intensity)
        self.reason = reason; self.variant = variant ?? (direction == .up ? 1 : -1)
        self.cooldownScope = cooldownScope; self.cooldownSeconds = cooldownSeconds
        self.isWatchOnly = isWatchOnly; self.statistic = statistic; self.channel = channel
    }
}

/// What an evaluator listens to.
public enum SignalTrigger: Sendable { case tape, book }

/// A pure evaluator: the stock's state and the time in, at most one finding out.
/// With `describing: false` the reason is left empty: it is built only for findings that fire
/// (the hot path evaluates every tick, and formatting costs more than the evaluation).
public protocol SignalRule: Sendable {
    var kind: SignalKind { get }
    var trigger: SignalTrigger { get }
    func evaluate(_ state: StockState, _ context: EvaluationContext, describing: Bool) -> SignalCandidate?
    /// The statistics the rule tests, one per channel, whose null (the stock's own history of it,
    /// sampled once a market minute) sets the threshold under the false-alarm budget and gives each
    /// signal its confidence. Empty by default.
    var nullStatistics: [NullStatistic] { get }
    /// Statistic `channel` now, whether or not the rule fires (nil while it cannot be computed).
    func nullSample(_ channel: Int, _ state: StockState, _ context: EvaluationContext) -> Double?
}

extension SignalRule {
    public var nullStatistics: [NullStatistic] { [] }
    public func nullSample(_ channel: Int, _ state: StockState, _ context: EvaluationContext) -> Double? { nil }
}

extension SignalRule {
    /// The finding with its reason.
    public func evaluate(_ state: StockState, _ context: EvaluationContext) -> SignalCandidate? {
        evaluate(state, context, describing: true)
    }
}

/// A cooldown scope: one per (stock, kind, scope).
struct CooldownKey: Hashable, Sendable, Codable {
    var kind: SignalKind
    var scope: Int
}

/// Number formatting for reasons: `4.2`, `1,234,567`.
enum Format {
    static func percent(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return (rounded > 0 ? "+" : "") + String(rounded)
    }
    static func ratio(_ value: Double) -> String { String((value * 10).rounded() / 10) }
    /// `5` for a whole number, else one decimal (`2.5`).
    static func number(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : ratio(value) }
    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (value < 0 ? "-" : "") + out
    }
}
