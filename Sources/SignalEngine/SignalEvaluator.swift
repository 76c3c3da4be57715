import IPC

/// What one input produced: signals to publish and hints for the allocator.
public struct SignalBatch: Sendable, Equatable {
    public var signals: [TradeSignal] = []
    public var hints: [PromotionHint] = []
    public var isEmpty: Bool { signals.isEmpty && hints.isEmpty }
    public init(signals: [TradeSignal] = [], hints: [PromotionHint] = []) { self.signals = signals; self.hints = hints }
}

/// The whole signal engine as one pure value: feed it trades, quotes, order books and allocations
/// with the market time; it keeps each stock's state, runs the evaluators, fires each condition
/// once at its crossing (not again while it holds, nor within the cooldown of its (stock, kind),
/// whichever feed brought the data), counts, follows outcomes and derives allocator hints.
public struct SignalEvaluator: Sendable {
    /// Per stock: its state, which condition each rule last saw, and when each cooldown key fired.
    struct Tracking: Sendable, Codable {
        var state: StockState
        var active: [Int?]
        var lastFired: [CooldownKey: Double] = [:]
        /// Per rule and channel, the stock's null of the rule's statistic, and the market minute
        /// each rule last sampled it (optional: a snapshot from before the budget has neither).
        var nulls: [[NullDistribution]]?
        var sampledMinute: [Int]?
        /// This minute's calibrations per rule (a cache: not saved, recomputed after a restore).
        var calibrations: [[NullCalibration?]] = []

        enum CodingKeys: String, CodingKey { case state, active, lastFired, nulls, sampledMinute }
    }

    public let configuration: SignalsConfiguration
    public let rules: [any SignalRule]
    /// `configuration.tapeSeconds`, once (the hot path starts a stock's state with it).
    private let tapeSeconds: Double
    var stocks: [String: Tracking] = [:]
    private var tiers: [String: Int] = [:]
    var names: [String: String] = [:]
    private let nameLookup: @Sendable (String) -> String?
    private let profileLookup: @Sendable (String) -> StockProfile?
    /// The pools of similar stocks' nulls, and each rule's critical values under the budget.
    var nullBook: NullBook
    private var feedback: FeedbackPolicy
    public private(set) var statistics = SignalStatistics()
    public private(set) var outcomes: SignalOutcomeTracker
    /// Every stock's minute closes today, to judge the day's signals by what followed (`ForwardOutcome`).
    public private(set) var closes = MinuteCloses()
    /// KST day number of the data being evaluated.
    public private(set) var day: Int?
    /// The market's pace for a REST quote's volume against the same time of day (`SameTimeVolume`).
    var sameTime = SameTimeEstimate()

    /// - Parameters:
    ///   - nameLookup: the stock's name (e.g. from the KIS master files); the code when `nil`.
    ///   - profileLookup: the stock's market and previous-day volume (e.g. from the KIS master files):
    ///     the market pools the nulls of similar stocks (without it, by liquidity band alone), the
    ///     volume is what `volume_breakout` is relative to until a quote brings it.
    public init(configuration: SignalsConfiguration = .init(), nameLookup: @escaping @Sendable (String) -> String? = { _ in nil },
                profileLookup: @escaping @Sendable (String) -> StockProfile? = { _ in nil }) {
        self.configuration = configuration
        tapeSeconds = configuration.tapeSeconds
        self.nameLookup = nameLookup
        self.profileLookup = profileLookup
        rules = [GapRule(configuration.gap), VolumeSurgeRule(configuration.volumeSurge),
                 VolumeBreakoutRule(configuration.volumeBreakout), MomentumRule(configuration.momentum),
                 BreakoutRule(configuration.breakout), ClosingMomentumRule(configuration.closingMomentum),
                 BookImbalanceRule(configuration.bookImbalance), VIRule(configuration.vi),
                 LimitApproachRule(configuration.limitApproach), LimitLockRule(configuration.limitLock),
                 HaltRule(configuration.halt)]
        feedback = FeedbackPolicy(configuration.feedback)
        nullBook = NullBook(rules: rules, budget: FalseAlarmBudget(configuration.budget))
        outcomes = SignalOutcomeTracker(horizonMinutes: configuration.evaluation.horizonMinutes)
    }

    /// The current state of `code`, if seen today.
    public func state(of code: String) -> StockState? { stocks[code]?.state }
    /// Stocks seen today.
    public var stockCount: Int { stocks.count }

    /// A WebSocket trade received `dataAge` market seconds before `now`.
    public mutating func ingest(_ trade: Trade, now: Double, dataAge: Double = 0) -> SignalBatch {
        statistics.countTrade()
        return ingest(MarketObservation(trade: trade), now: now, dataAge: dataAge)
    }

    /// A REST quote received `dataAge` market seconds before `now`.
    public mutating func ingest(_ quote: Quote, now: Double, dataAge: Double = 0) -> SignalBatch {
        statistics.countQuote()
        return ingest(MarketObservation(quote: quote), now: now, dataAge: dataAge)
    }

    /// A trade or quote, already normalized.
    public mutating func ingest(_ observation: MarketObservation, now: Double, dataAge: Double = 0) -> SignalBatch {
        var tracking = take(observation.code, at: now - max(0, dataAge))
        let time = Self.observed(now: now, dataAge: dataAge, after: tracking.state.lastUpdate)
        var observation = observation
        observation.relativeVolume = sameTime.relativeVolume(observation, state: tracking.state, at: time)
        tracking.state.apply(observation, at: time)
        if observation.price > 0 {
            outcomes.observe(code: observation.code, price: observation.price, at: time)
            closes.observe(code: observation.code, price: observation.price, secondOfDay: MarketClock.secondsOfDay(time))
        }
        let batch = evaluate(&tracking, trigger: .tape, time: time, now: now, dataAge: dataAge, source: observation.source,
                             receivedAt: observation.receivedAt)
        stocks[observation.code] = tracking
        return batch
    }

    /// An order book snapshot received `dataAge` market seconds before `now`.
    public mutating func ingest(_ book: OrderBook, now: Double, dataAge: Double = 0) -> SignalBatch {
        statistics.countBook()
        var tracking = take(book.code, at: now - max(0, dataAge))
        let time = Self.observed(now: now, dataAge: dataAge, after: tracking.state.lastUpdate)
        tracking.state.apply(book, at: time)
        let batch = evaluate(&tracking, trigger: .book, time: time, now: now, dataAge: dataAge, source: book.source,
                             receivedAt: book.receivedAt)
        stocks[book.code] = tracking
        return batch
    }

    /// The market time an observation `dataAge` seconds old at `now` is evaluated at: its own, but
    /// never before the stock's last one (a stamp truncated to the second can trail a REST answer
    /// read within that second; a stock's tape runs forward).
    static func observed(now: Double, dataAge: Double, after lastUpdate: Double) -> Double {
        max(now - max(0, dataAge), lastUpdate)
    }

    /// The allocator's decision: each stock's tier from now on (absent = 0, REST only).
    public mutating func apply(_ allocation: Allocation) {
        tiers = Dictionary(allocation.holders.filter { $0.tier > 0 }.map { ($0.code, $0.tier) }, uniquingKeysWith: min)
    }

    /// Learns stock names from a ranking (the poller's discovery calls carry them).
    public mutating func learnNames(from ranking: Ranking) {
        for row in ranking.rows where !row.name.isEmpty { names[row.code] = row.name }
    }

    /// The stock's WebSocket tier now (0 = REST only).
    public func tier(of code: String) -> Int { tiers[code] ?? 0 }

    /// The stock's name, or its code.
    public mutating func name(of code: String) -> String {
        if let name = names[code] { return name }
        let name = nameLookup(code) ?? code
        names[code] = name
        return name
    }

    /// Closes outcomes whose horizon has passed and builds the day's report as of `now`.
    public mutating func report(now: Double) -> SignalReport {
        outcomes.settle(at: now)
        var report = SignalReport.make(outcomes: outcomes.outcomes, now: now, targetPercent: configuration.evaluation.targetPercent,
                                       horizonMinutes: configuration.evaluation.horizonMinutes)
        let signals = outcomes.outcomes.map { outcome in
            ForwardOutcome.Signal(code: outcome.code, kind: outcome.kind, sign: outcome.direction == SignalDirection.down.rawValue ? -1 : 1,
                                  secondOfDay: MarketClock.secondsOfDay(outcome.entryTime))
        }
        report.forward = ForwardOutcome.judge(signals, closes: closes,
                                              lastMinute: MinuteCloses.minute(MarketClock.secondsOfDay(now)) ?? MinuteCloses.minutes - 1)
        return report
    }

    /// Everything a restarted evaluator needs to carry on (nil before the first input of a day).
    public func snapshot(at now: Double) -> SignalsSnapshot? {
        guard let day else { return nil }
        return SignalsSnapshot(savedAt: now, day: day, stocks: stocks, tiers: tiers, names: names, statistics: statistics,
                               outcomes: outcomes, lastEmergency: feedback.lastEmergency)
    }

    /// Carries on from `snapshot` (check `isResumable` first). Tapes are re-bucketed to the
    /// configured resolution; a stock whose rule states do not match this engine's rules (another
    /// version) starts them afresh, and outcomes followed over another horizon are not resumed.
    public mutating func restore(_ snapshot: SignalsSnapshot) {
        day = snapshot.day
        stocks = snapshot.stocks.mapValues { saved in
            var tracking = saved
            tracking.state.retape(resolution: configuration.sampleSeconds, span: configuration.tapeSeconds)
            if tracking.active.count != rules.count { tracking.active = Array(repeating: nil, count: rules.count) }
            return tracking
        }
        tiers = snapshot.tiers
        names.merge(snapshot.names) { current, _ in current }
        statistics = snapshot.statistics
        if snapshot.outcomes.horizon == outcomes.horizon { outcomes = snapshot.outcomes }
        feedback.lastEmergency = snapshot.lastEmergency
    }

    /// The tracking of `code`, started afresh on a new day (which also clears the day's counters).
    mutating func take(_ code: String, at time: Double) -> Tracking {
        let today = MarketClock.dayNumber(time)
        if day != today {
            if day != nil {
                stocks = [:]; statistics = SignalStatistics(); outcomes.reset(); feedback.reset(); nullBook.reset(); closes.reset()
                sameTime = SameTimeEstimate()
            }
            day = today
        }
        // Removed, not copied: mutating a copy would duplicate the tape buffer on every tick.
        if let tracking = stocks.removeValue(forKey: code) { return tracking }
        var state = StockState(code: code, day: today, sampleSeconds: configuration.sampleSeconds,
                               tapeSpan: tapeSeconds, varianceMinutes: configuration.varianceMinutes)
        if let volume = profileLookup(code)?.previousDayVolume { state.setPreviousDayTotalVolume(volume) }
        return Tracking(state: state, active: Array(repeating: nil, count: rules.count))
    }

    mutating func evaluate(_ tracking: inout Tracking, trigger: SignalTrigger, time: Double, now: Double,
                                   dataAge: Double, source: DataSource, receivedAt: Double,
                                   statusRulesOnly: Bool = false) -> SignalBatch {
        var batch = SignalBatch()
        let context = EvaluationContext(now: time)
        let code = tracking.state.code
        var strongest: (hint: PromotionHint, priority: Double, isWatch: Bool)?
        let minute = Int((time / 60).rounded(.down))
        for (index, rule) in rules.enumerated() where rule.trigger == trigger {
            if statusRulesOnly, !Self.statusKinds.contains(rule.kind) { continue }
            var context = context
            context.calibrations = calibrations(&tracking, rule: index, minute: minute, context: context)
            if nullBook.mayAwait(context.calibrations) {    // else nothing awaits (the hot path: every tick)
                context.awaitsNull = nullBook.awaitsNull(rule: index, own: tracking.nulls?[index], calibrations: context.calibrations)
            }
            let found = rule.evaluate(tracking.state, context, describing: false)
            // krx-rules.md: a halted stock does not trade; nothing but the halt rule speaks until it resumes.
            if tracking.state.status.isHalted, !(rule is HaltRule) { continue }
            let previous = tracking.active[index]
            tracking.active[index] = found?.variant
            guard let found, found.variant != previous else { continue }
            let key = CooldownKey(kind: found.kind, scope: found.cooldownScope)
            if let last = tracking.lastFired[key], time - last < found.cooldownSeconds { continue }
            tracking.lastFired[key] = time
            // Fires: evaluate again, this time with the reason (rare, so the cost does not matter).
            let candidate = rule.evaluate(tracking.state, context, describing: true) ?? found
            let tier = tier(of: code)
            if !candidate.isWatchOnly {
                var signal = makeSignal(candidate, state: tracking.state, at: time, dataAge: now - time, source: source,
                                        tier: tier, receivedAt: receivedAt)
                signal.confidence = Self.confidence(of: candidate, rule: rule, context: context)
                let window = StrategyWindow.at(time)
                statistics.count(signal, window: window)
                outcomes.record(signal, window: window, at: time)
                batch.signals.append(signal)
            }
            // One hint per stock and input: the strongest.
            if let hint = feedback.hint(for: candidate, code: code, tier: tier, now: time) {
                let priority = FeedbackPolicy.priority(candidate)
                if strongest == nil || priority > strongest!.priority || (hint.isEmergency && !strongest!.hint.isEmergency) {
                    strongest = (hint, priority, candidate.isWatchOnly)
                }
            }
        }
        if let strongest {
            statistics.count(strongest.hint, isWatch: strongest.isWatch)
            batch.hints.append(strongest.hint)
        }
        return batch
    }

    /// Rule `index`'s calibrations for this stock: recomputed once a market minute from the null as
    /// it stood before that minute's sample (a move is not judged by a yardstick it inflated) and
    /// the pools as of two minutes before (`NullBook`: the same whatever order the market's data came
    /// in), then the minute's sample is folded into the stock's null and queued for its pool; cached
    /// in between (the hot path evaluates every tick).
    private mutating func calibrations(_ tracking: inout Tracking, rule index: Int, minute: Int,
                                       context: EvaluationContext) -> [NullCalibration?] {
        let channels = nullBook.statistics[index].count
        guard channels > 0 else { return [] }
        if tracking.nulls?.count != rules.count {
            tracking.nulls = nullBook.statistics.map { Array(repeating: NullDistribution(), count: $0.count) }
        }
        if tracking.sampledMinute?.count != rules.count { tracking.sampledMinute = Array(repeating: Int.min, count: rules.count) }
        if tracking.calibrations.count != rules.count { tracking.calibrations = Array(repeating: [], count: rules.count) }
        if tracking.sampledMinute![index] == minute, tracking.calibrations[index].count == channels {
            return tracking.calibrations[index]
        }
        let market = profileLookup(tracking.state.code)?.market ?? ""
        // The whole previous day's volume when a quote brought it (a trade's figure grows through the day).
        let band = NullPoolKey.band(price: tracking.state.price ?? tracking.state.previousClose,
                                    volume: tracking.state.previousDayTotalVolume ?? tracking.state.previousDayVolume)
        nullBook.advance(to: minute)
        let fresh = (0..<channels).map { channel in
            nullBook.calibration(rule: index, channel: channel, own: tracking.nulls![index][channel], market: market, band: band,
                                 minute: minute)
        }
        tracking.calibrations[index] = fresh
        if tracking.sampledMinute![index] != minute {
            tracking.sampledMinute![index] = minute
            let rule = rules[index]
            var sampling = context
            sampling.calibrations = fresh
            for channel in 0..<channels {
                guard let value = rule.nullSample(channel, tracking.state, sampling) else { continue }
                nullBook.observe(value, rule: index, channel: channel, own: &tracking.nulls![index][channel], market: market, band: band,
                                 calibration: fresh[channel], code: tracking.state.code, minute: minute)
            }
        }
        return fresh
    }

    /// 1 − p of the candidate's statistic under the stock's null (its pool's while its own history
    /// is short; a standard normal before either exists); nil for a rule without a statistic.
    static func confidence(of candidate: SignalCandidate, rule: any SignalRule, context: EvaluationContext) -> Double? {
        guard let value = candidate.statistic, candidate.channel < rule.nullStatistics.count else { return nil }
        let calibration = context.calibration(candidate.channel) ?? .standard(tail: rule.nullStatistics[candidate.channel].tail)
        return calibration.confidence(value)
    }

    /// A signal stamped with the market time of the observation that fired it (`time`), so that
    /// the same data fires at the same market second however late it was read.
    private mutating func makeSignal(_ candidate: SignalCandidate, state: StockState, at time: Double, dataAge: Double,
                                     source: DataSource, tier: Int, receivedAt: Double) -> TradeSignal {
        let change = state.changePercent ?? 0
        return TradeSignal(time: MarketClock.isoString(time), code: state.code, name: name(of: state.code),
                           kind: candidate.kind, direction: candidate.direction,
                           strength: (candidate.strength * 100).rounded() / 100,
                           price: state.price ?? state.expectedPrice ?? 0, changeRate: (change * 100).rounded() / 100,
                           volume: state.cumulativeVolume, source: source, tier: tier,
                           dataAgeSeconds: (max(0, dataAge) * 1000).rounded() / 1000,
                           reason: candidate.reason, receivedAt: receivedAt)
            .marked(candidate.details, session: TradingSession.name(at: time))
    }
}

extension PromotionHint {
    var isEmergency: Bool { if case .emergency = self { return true }; return false }
}
