import IPC

/// Earliest-deadline-first over the poll plan, as a pure state machine over market time.
///
/// Each code has a deadline (`last refresh + interval`); ``next(now:)`` returns the call that serves
/// the earliest deadlines: discovery when its period is up, an order-book snapshot when its 30 s
/// cache is older than the earliest quote deadline, else the 30 earliest codes packed into one
/// multi-price call (or one code per call on the single-stock policy). It is work-conserving by
/// default: when nothing is due yet it still fetches the codes whose deadline is nearest *as a
/// share of their interval*, so the spare budget is spread in proportion to each code's rate (a
/// 5 s code is refreshed six times as often as a 30 s one, both ahead of time) rather than spent
/// re-polling the shortest intervals over and over.
///
/// Codes come from the plan (newer generation replaces older) or, with no plan yet, from the
/// universe at `background` priority. During the pre-open auction (08:30–09:00) the universe is
/// swept too, so every stock's expected opening price is known at 09:00.
public struct PollScheduler: Sendable {
    public let configuration: PollSchedulerConfiguration

    struct CodeState: Sendable {
        var planEntry: PollPlanEntry?
        var isInUniverse = false
        var activeSince: Double
        var lastRefresh: Double?
        var due: Double
        var isInFlight = false
        var failures = 0
        var excludedUntil: Double?
        var lastBook: Double?
        var isBookInFlight = false
    }

    private(set) var codes: [String: CodeState] = [:]
    /// The generation of the plan in force (`nil`: none yet).
    public private(set) var planGeneration: Int?
    private var nextDiscovery: Double
    private var discoveryIndex = 0
    private var nextVIStatus: Double
    /// Single-stock status probes waiting (`StatusProbe`), served first-come.
    private var probes: [String] = []
    /// Probes sent and not yet answered with data: code → the time of the first try.
    private var probing: [String: Double] = [:]
    /// Probes that got no answer, to be queued again at the time given.
    private var probeRetries: [String: Double] = [:]

    public init(configuration: PollSchedulerConfiguration, now: Double) {
        self.configuration = configuration
        nextDiscovery = now
        nextVIStatus = now
    }

    /// Sets the universe (all listed codes), used with no plan and for the auctions' sweep.
    public mutating func setUniverse(_ universe: [String], now: Double) {
        let set = Set(universe)
        for code in codes.keys where codes[code]!.isInUniverse && !set.contains(code) { codes[code]!.isInUniverse = false }
        for code in set {
            if codes[code] == nil { codes[code] = CodeState(activeSince: now, due: now) }
            codes[code]!.isInUniverse = true
        }
        prune()
    }

    /// Applies a plan. Returns `false` (and changes nothing) for a generation older than the one in force.
    @discardableResult
    public mutating func apply(_ plan: PollPlan, now: Double) -> Bool {
        if let current = planGeneration, plan.generation < current { return false }
        planGeneration = plan.generation
        let entries = Dictionary(plan.entries.map { ($0.code, $0) }, uniquingKeysWith: { _, last in last })
        for code in codes.keys { codes[code]!.planEntry = entries[code] }
        for (code, entry) in entries {
            if codes[code] == nil { codes[code] = CodeState(activeSince: now, due: now) }
            codes[code]!.planEntry = entry
            // A shorter interval pulls the deadline in at once.
            if let last = codes[code]!.lastRefresh { codes[code]!.due = min(codes[code]!.due, last + max(0.1, entry.intervalSeconds)) }
        }
        prune()
        return true
    }

    /// Whether a code is polled at `now`, and at which priority and interval.
    /// In a call auction (the pre-open, the closing auction) every universe code is swept, those
    /// the plan leaves out too: a WebSocket holder's trade feed is silent until the cross, and the
    /// auction's expected price and status (a VI released into the closing auction) come by REST only.
    func activeTerms(_ state: CodeState, now: Double) -> (priority: PollPriority, interval: Double)? {
        if let entry = state.planEntry { return (entry.priority, max(0.1, entry.intervalSeconds)) }
        guard state.isInUniverse else { return nil }
        if planGeneration == nil || MarketPhase.at(now).isAuction {
            return (.background, configuration.universeIntervalSeconds)
        }
        return nil
    }

    /// The next call to make at `now`, or `nil` when there is nothing to do.
    public mutating func next(now: Double) -> PollCall? {
        // The VI list first: a VI on a stock without a slot is news only until its auction resolves.
        if configuration.viStatusIntervalSeconds > 0, now >= nextVIStatus {
            nextVIStatus = now + configuration.viStatusIntervalSeconds
            return .viStatus
        }
        for (code, due) in probeRetries.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) where due <= now {
            probeRetries[code] = nil
            if !probes.contains(code) { probes.append(code) }
        }
        if !probes.isEmpty {
            let code = probes.removeFirst()
            if probing[code] == nil { probing[code] = now }
            return .quote(code)
        }
        if configuration.isDiscoveryEnabled, now >= nextDiscovery, !configuration.discoveryCalls.isEmpty {
            nextDiscovery = now + configuration.discoveryIntervalSeconds
            let call = configuration.discoveryCalls[discoveryIndex % configuration.discoveryCalls.count]
            discoveryIndex += 1
            return call
        }
        releaseExclusions(now: now)
        let batchSize = configuration.usesMultiPrice ? configuration.batchSize : 1
        let batch = earliest(batchSize, now: now)
        let headDeadline = batch.first.map { codes[$0]!.due } ?? .infinity
        if let book = dueOrderBook(now: now), book.deadline <= headDeadline {
            codes[book.code]!.isBookInFlight = true
            return .orderBook(book.code)
        }
        guard let head = batch.first else { return nil }
        if !configuration.isWorkConserving, codes[head]!.due > now { return nil }
        for code in batch { codes[code]!.isInFlight = true }
        return configuration.usesMultiPrice ? .quotes(batch) : .quote(head)
    }

    /// Queues one inquire-price call for each of `codes` (a status probe), ahead of the sweep.
    public mutating func probe(_ codes: [String]) {
        for code in codes where !probes.contains(code) { probes.append(code) }
    }

    /// When something next becomes due (for an idle caller's sleep), in market time.
    public func nextWakeUp(now: Double) -> Double {
        var wake = configuration.isDiscoveryEnabled ? nextDiscovery : now + 1
        if !probes.isEmpty { return now }
        if let retry = probeRetries.values.min() { wake = min(wake, retry) }
        if configuration.viStatusIntervalSeconds > 0 { wake = min(wake, nextVIStatus) }
        for state in codes.values where !state.isInFlight && activeTerms(state, now: now) != nil {
            wake = min(wake, state.excludedUntil ?? state.due)
        }
        return max(now, wake)
    }

    /// Records how `call` ended at `now`; returns codes newly excluded.
    @discardableResult
    public mutating func complete(_ call: PollCall, outcome: PollOutcome, now: Double) -> ExclusionChange {
        var change = ExclusionChange()
        switch call {
        case .quotes, .quote:
            if case .quote(let code) = call, let first = probing[code] {
                probing[code] = nil
                if case .received(let got) = outcome, got.contains(code) {
                } else if now - first < configuration.probeRetryWindowSeconds {
                    probing[code] = first
                    probeRetries[code] = now + configuration.retryDelaySeconds
                }
            }
            let requested = call.quoteCodes
            for code in requested where codes[code] != nil {
                codes[code]!.isInFlight = false
                switch outcome {
                case .received(let got) where got.contains(code):
                    refreshed(code, now: now)
                case .callFailed:
                    break
                default:
                    if failed(code, now: now) { change.excluded.append(code) }
                }
            }
        case .orderBook(let code):
            guard codes[code] != nil else { break }
            codes[code]!.isBookInFlight = false
            if case .received(let got) = outcome, got.contains(code) {
                codes[code]!.lastBook = now
            } else {
                // Retry after a short pause rather than hammering a failing code.
                codes[code]!.lastBook = now - configuration.orderBookCacheSeconds + configuration.retryDelaySeconds
            }
        case .ranking, .index, .viStatus:
            break
        }
        return change
    }

    private mutating func refreshed(_ code: String, now: Double) {
        codes[code]!.lastRefresh = now
        codes[code]!.failures = 0
        let interval = activeTerms(codes[code]!, now: now)?.interval ?? configuration.universeIntervalSeconds
        codes[code]!.due = now + interval
    }

    /// Counts a failure; returns true when this one excluded the code.
    private mutating func failed(_ code: String, now: Double) -> Bool {
        codes[code]!.failures += 1
        codes[code]!.due = now + configuration.retryDelaySeconds
        guard codes[code]!.failures >= configuration.failureThreshold else { return false }
        codes[code]!.excludedUntil = now + configuration.coolOffSeconds
        return true
    }

    private mutating func releaseExclusions(now: Double) {
        for (code, state) in codes {
            guard let until = state.excludedUntil, until <= now else { continue }
            codes[code]!.excludedUntil = nil
            codes[code]!.failures = 0
            codes[code]!.due = now
        }
    }

    /// The `count` schedulable codes to serve next: those past their deadline first, earliest
    /// deadline first; then the others by the share of their interval still left before their
    /// deadline (ties: priority, then code).
    private func earliest(_ count: Int, now: Double) -> [String] {
        // One pass keeping a small sorted top-k: O(n) for n ≈ 2,600, k = 30.
        var top: [Urgency] = []
        top.reserveCapacity(count + 1)
        for (code, state) in codes where !state.isInFlight && state.excludedUntil == nil {
            guard let terms = activeTerms(state, now: now) else { continue }
            let isDue = state.due <= now
            let key = Urgency(isDue: isDue, value: isDue ? state.due : (state.due - now) / terms.interval,
                              rank: PollPriority.allCases.firstIndex(of: terms.priority)!, code: code)
            if top.count == count, let worst = top.last, !(key < worst) { continue }
            let index = top.firstIndex { key < $0 } ?? top.endIndex
            top.insert(key, at: index)
            if top.count > count { top.removeLast() }
        }
        return top.map(\.code)
    }

    /// The order of service: due before not due; then `value` (the deadline, or the share of the
    /// interval left); then priority; then code.
    private struct Urgency: Comparable {
        var isDue: Bool
        var value: Double
        var rank: Int
        var code: String

        static func < (a: Urgency, b: Urgency) -> Bool {
            if a.isDue != b.isDue { return a.isDue }
            if a.value != b.value { return a.value < b.value }
            if a.rank != b.rank { return a.rank < b.rank }
            return a.code < b.code
        }
    }

    /// The active code wanting an order book whose cached snapshot is oldest, if one is stale.
    private func dueOrderBook(now: Double) -> (code: String, deadline: Double)? {
        var best: (code: String, deadline: Double)?
        for (code, state) in codes where state.planEntry?.wantsOrderBook == true && !state.isBookInFlight && state.excludedUntil == nil {
            let deadline = (state.lastBook ?? -.infinity) + configuration.orderBookCacheSeconds
            guard deadline <= now else { continue }
            if best == nil || deadline < best!.deadline || (deadline == best!.deadline && code < best!.code) {
                best = (code, deadline)
            }
        }
        return best
    }

    /// Drops codes neither planned nor in the universe (and not in flight).
    private mutating func prune() {
        for (code, state) in codes where state.planEntry == nil && !state.isInUniverse && !state.isInFlight && !state.isBookInFlight {
            codes[code] = nil
        }
    }
}
