import IPC

/// The slot allocator: a pure function from the state and the market time to a decision.
///
/// A decision (1) rebalances when the window changes, when asked, or every `rebalanceSeconds`:
/// index slots, pinned emergency holders, then the best heat scores to tier 1 and the next to
/// tier 2 under hysteresis, minimum dwell and the sector cap, keeping the reserve free;
/// (2) grants emergencies at once: a free slot, or exactly the lowest-priority holder evicted; a VI
/// (a request with `auctionUntil`) outranks every stock holder not itself in an auction, and keeps
/// its slot, tier 1 included, until the auction is over and the minute after it; a VI that finds
/// every slot held by other auctions waits, tried again at each decision while its own auction runs;
/// (3) diffs the intended registrations against the gateway's into commands, releases first;
/// (4) re-plans REST polling when the holders or the fallback state changed.
public enum SlotAllocator {
    public static func plan(_ state: AllocatorState, now: Double) -> AllocationDecision {
        let configuration = state.configuration
        let window = effectiveWindow(state, now: now)
        let capacity = state.usableCapacity
        let isRebalanceDue = state.currentWindow != window.name || state.needsRebalance
            || now - state.lastRebalance >= configuration.rebalanceSeconds
        var holdings = state.holdings
        var scoring: RebalanceScoring?
        if isRebalanceDue {
            if configuration.policy == .static {
                holdings = staticLayout(state, capacity: capacity, now: now)
            } else {
                let computed = computeScoring(state, window: window, now: now)
                scoring = computed
                holdings = rebalance(state, window: window, scoring: computed, capacity: capacity, now: now)
            }
        }
        var handled = Set<String>()
        var refused: [String] = []
        var deferred: [String] = []
        for request in state.emergencies.sorted(by: { ($0.rank(at: now), $0.priority) > ($1.rank(at: now), $1.priority) }) {
            if configuration.policy != .static,
               grant(request, to: &holdings, capacity: capacity, now: now, hold: configuration.emergencyHoldSeconds) {
                handled.insert(request.code)
            } else if configuration.policy != .static, (request.auctionUntil ?? -.infinity) > now {
                // Every slot is held by a stock in its own auction: the VI stays pending and is tried
                // again at each decision until its auction (and the minute after) is over.
                deferred.append(request.code)
            } else {
                handled.insert(request.code)
                refused.append(request.code)
            }
        }
        enforceCapacity(&holdings, capacity: capacity, now: now)
        updateHazards(&holdings, state: state, scoring: scoring, now: now)

        let isFallback = state.isFallback
        let isChanged = holdings != state.holdings
        var pollPlan: [PollPlanEntry]?
        if isChanged || isRebalanceDue || state.pollGeneration == 0 || state.pollPlanIsFallback != isFallback {
            let scoring = scoring ?? computeScoring(state, window: window, now: now)
            let plan = PollPlanner.plan(state, window: window, scores: scoring.scores, holdings: holdings, isFallback: isFallback, now: now,
                                        hazards: scoring.hazards)
            if plan != state.pollPlan || state.pollGeneration == 0 { pollPlan = plan }
        }
        return AllocationDecision(window: window, holdings: holdings,
                                  commands: state.isGatewayUp ? commands(from: state.registered, to: holdings) : [],
                                  pollPlan: pollPlan, didRebalance: isRebalanceDue, isChanged: isChanged,
                                  isFallback: isFallback, handledEmergencies: handled, refusedEmergencies: refused,
                                  deferredEmergencies: deferred)
    }

    /// Every stock holder's hazard, whatever scores the slots (`status` and the view show it):
    /// refreshed at a rebalance, and computed at once for a holder that has none yet (an emergency
    /// granted between rebalances).
    static func updateHazards(_ holdings: inout [String: Holding], state: AllocatorState, scoring: RebalanceScoring?, now: Double) {
        guard state.configuration.policy != .static else { return }
        let codes = holdings.values.filter { $0.tier != 0 && (scoring != nil || $0.hazard == nil) }.map(\.code)
        guard !codes.isEmpty else { return }
        let scoring = scoring ?? RebalanceScoring(scores: [], hazards: nil, mode: .heat, context: state.hazardContext(now: now),
                                                  intercept: state.hazardIntercept(now: now))
        for code in codes {
            if let i = state.universe.index(of: code) { holdings[code]?.hazard = scoring.hazard(of: i, state: state, now: now) }
        }
    }

    /// The window of the table, or the fixed layout of the `seed` and `static` policies.
    static func effectiveWindow(_ state: AllocatorState, now: Double) -> WindowStrategy {
        let configuration = state.configuration
        switch configuration.policy {
        case .kis41:
            return state.window(at: now)
        case .seed:
            let seed = configuration.seed
            let intervals = PollIntervals(critical: seed.restFastSeconds, high: seed.restFastSeconds, medium: seed.restFastSeconds,
                                          low: seed.restSlowSeconds, background: seed.restSlowSeconds)
            return WindowStrategy(name: "seed", strategy: "seed_fixed_layout", start: "00:00", tier1: seed.tier1, tier2: seed.tier2,
                                  indexSlots: 0, reserveSlots: 0, fillSpareSlots: false, weights: seed.weights, intervals: intervals)
        case .static:
            return WindowStrategy(name: "static", strategy: "static_watch_list", start: "00:00", tier1: 0, tier2: configuration.capacity,
                                  indexSlots: 0, reserveSlots: 0, fillSpareSlots: false,
                                  weights: StrategyWeights(gap: 1, volume: 0, momentum: 0, ranking: 0, signal: 0, performance: 0),
                                  intervals: WindowStrategy.regularIntervals)
        }
    }

    /// Slot scores (0–100) of every universe stock under `window`: heat, expected value
    /// (hazard × value of real-time data) or their blend, as `allocator.hazard.slotScoring` says.
    static func computeScores(_ state: AllocatorState, window: WindowStrategy, now: Double) -> [Double] {
        computeScoring(state, window: window, now: now).scores
    }

    /// The slot scores, the hazards behind them when the scoring uses the hazard (`nil` for `heat`),
    /// and the hazard's context for the holders' own hazards and reasons.
    static func computeScoring(_ state: AllocatorState, window: WindowStrategy, now: Double) -> RebalanceScoring {
        let scorer = HeatScorer()
        let auction = AllocatorState.isAuction(now)
        let heat = state.activity.map { scorer.score($0, weights: window.weights, now: now, inAuction: auction) }
        let settings = state.configuration.hazard
        let context = state.configuration.policy == .static ? nil : state.hazardContext(now: now)
        let intercept = state.hazardIntercept(now: now)
        guard settings.slotScoring != .heat, state.configuration.policy == .kis41, let context else {
            return RebalanceScoring(scores: heat, hazards: nil, mode: .heat, context: context, intercept: intercept)
        }
        let hazards = state.hazards(now: now, context: context)
        let value = state.expectedValueScores(hazards: hazards, window: window, now: now)
        guard settings.slotScoring == .blend else {
            return RebalanceScoring(scores: value, hazards: hazards, mode: .hazard, context: context, intercept: intercept)
        }
        let weight: Double = settings.blendWeight
        var blended: [Double] = []
        blended.reserveCapacity(heat.count)
        for (h, v) in zip(heat, value) { blended.append((1 - weight) * h + weight * v) }
        return RebalanceScoring(scores: blended, hazards: hazards, mode: .blend, context: context, intercept: intercept)
    }

    /// Index slots, pinned emergencies, then the table's tiers by heat score.
    static func rebalance(_ state: AllocatorState, window: WindowStrategy, scoring: RebalanceScoring, capacity: Int, now: Double) -> [String: Holding] {
        let configuration = state.configuration
        let scores = scoring.scores
        let isSeed = configuration.policy == .seed
        let margin = isSeed ? 0 : configuration.hysteresisMargin
        let dwell = isSeed ? 0 : configuration.minimumDwellSeconds
        var result: [String: Holding] = [:]
        var used = 0
        for code in configuration.indexCodes.prefix(window.indexSlots) where used < capacity {
            result[code] = state.holdings[code].map { var h = $0; h.tier = 0; return h }
                ?? Holding(code: code, tier: 0, since: now, score: 100, reason: "index")
            used += 1
        }
        var pinnedSlots = 0
        for holding in state.holdings.values where holding.tier != 0 && holding.isPinned(at: now) && result[holding.code] == nil {
            result[holding.code] = holding
            pinnedSlots += holding.slots
        }
        let budget = max(0, capacity - used - max(window.reserveSlots, pinnedSlots))
        let tier1Count = min(window.tier1, budget / 2)
        let tier2Count = window.fillSpareSlots ? budget - 2 * tier1Count : min(window.tier2, budget - 2 * tier1Count)
        let wanted = tier1Count + tier2Count
        guard wanted > 0 else { return result }

        // Per universe position, what the loop below needs to know by code, marked from the few
        // codes concerned (holders, index codes, refusals, the watch list): no hash per stock.
        let universe = state.universe
        let marks = PositionMarks(universe)
        let excluded = marks.marking(Array(result.keys) + configuration.indexCodes
                                     + state.refusedUntil.compactMap { $0.value > now ? $0.key : nil })
        let watched = marks.marking(state.watchList)
        let incumbents = marks.holdings(state.holdings).map { $0?.tier == 0 ? nil : $0 }
        // (universe index, score with watch bonus, effective score for the selection)
        var candidates: [(index: Int, base: Double, effective: Double)] = []
        candidates.reserveCapacity(universe.count)
        for i in 0..<universe.count {
            guard !universe.stocks[i].isHalted, !excluded[i] else { continue }
            let isWatched = watched[i]
            guard state.activity[i].hasData || isWatched else { continue }
            let base = scores[i] + (isWatched ? configuration.watchListBonus : 0)
            var effective = base
            if let incumbent = incumbents[i] {
                effective += margin
                if now - incumbent.since < dwell { effective += 1000 }
            }
            candidates.append((i, base, effective))
        }
        // Best first, ties by code: only the head is read, so it is drawn from a heap, not sorted whole.
        var order = OrderedSelection(candidates) {
            $0.effective != $1.effective ? $0.effective > $1.effective : universe.stocks[$0.index].code < universe.stocks[$1.index].code
        }

        // Source document: at most 30 % of the monitored stocks in one sector.
        let sectorLimit = max(1, Int((configuration.sectorCapPercent / 100 * Double(wanted) + 1e-9).rounded(.down)))
        var perSector: [Int: Int] = [:]
        var selected: [(index: Int, base: Double, tier1Rank: Double)] = []
        while selected.count < wanted, let candidate = order.next() {
            let sector = universe.sectorIDs[candidate.index]
            guard perSector[sector, default: 0] < sectorLimit else { continue }
            perSector[sector, default: 0] += 1
            var rank = candidate.base
            if let incumbent = incumbents[candidate.index], incumbent.tier == 1 {
                rank += margin
                if now - incumbent.since < dwell { rank += 1000 }
            }
            selected.append((candidate.index, candidate.base, rank))
        }
        let tier1Codes = Set(selected.sorted { $0.tier1Rank != $1.tier1Rank ? $0.tier1Rank > $1.tier1Rank : $0.index < $1.index }
            .prefix(tier1Count).map { state.universe.stocks[$0.index].code })
        for pick in selected {
            let code = state.universe.stocks[pick.index].code
            let tier = tier1Codes.contains(code) ? 1 : 2
            let reason = HolderReason.compose(strategy: window.strategy, tier: tier,
                                              explanations: scoring.explain(pick.index, state: state, window: window, now: now),
                                              watched: watched[pick.index],
                                              inDwell: incumbents[pick.index].map { now - $0.since < dwell } ?? false)
            if var holding = state.holdings[code], holding.tier != 0 {
                holding.tier = tier; holding.score = pick.base; holding.reason = reason
                holding.emergencyPriority = nil; holding.pinnedUntil = nil; holding.auctionUntil = nil
                result[code] = holding
            } else {
                result[code] = Holding(code: code, tier: tier, since: now, score: pick.base, reason: reason)
            }
        }
        return result
    }

    /// The `static` policy: the watch list (else the universe's first stocks) on trades, one slot each.
    static func staticLayout(_ state: AllocatorState, capacity: Int, now: Double) -> [String: Holding] {
        let codes = state.watchList.isEmpty ? state.universe.stocks.map(\.code) : state.watchList
        var result: [String: Holding] = [:]
        for code in codes.prefix(capacity) {
            result[code] = state.holdings[code] ?? Holding(code: code, tier: 2, since: now, score: 0, reason: "static watch list")
        }
        return result
    }

    /// Grants an emergency: pins a current holder, takes a free slot, or evicts exactly the
    /// lowest-ranked holder when the request outranks it (`rank(at:)`: a VI auction outranks any
    /// priority). A VI's pin lasts at least to its `auctionUntil`.
    static func grant(_ request: EmergencyRequest, to holdings: inout [String: Holding], capacity: Int, now: Double, hold: Double) -> Bool {
        let pinned = { (holding: inout Holding) in
            holding.emergencyPriority = max(holding.emergencyPriority ?? 0, request.priority)
            if let until = request.auctionUntil, until > now { holding.auctionUntil = max(holding.auctionUntil ?? until, until) }
            holding.pinnedUntil = max(holding.pinnedUntil ?? now + hold, now + hold, holding.auctionUntil ?? now)
            holding.reason = "emergency: \(request.reason)"
        }
        if var holding = holdings[request.code] {
            guard holding.tier != 0 else { return true }
            pinned(&holding)
            holdings[request.code] = holding
            return true
        }
        let used = holdings.values.reduce(0) { $0 + $1.slots }
        if used >= capacity {
            guard let lowest = lowestPriority(holdings, at: now), lowest.rank(at: now) < request.rank(at: now) else { return false }
            holdings[lowest.code] = nil
        }
        var holding = Holding(code: request.code, tier: 2, since: now, score: request.priority, reason: "")
        pinned(&holding)
        holdings[request.code] = holding
        return true
    }

    /// The evictable holder of lowest rank at `now` (ties: the most recent, then the code).
    static func lowestPriority(_ holdings: [String: Holding], at now: Double = -.infinity) -> Holding? {
        holdings.values.filter { $0.tier != 0 }.min {
            ($0.rank(at: now), -$0.since, $0.code) < ($1.rank(at: now), -$1.since, $1.code)
        }
    }

    /// Drops the lowest ranks (indices last) while the holders need more than `capacity`.
    static func enforceCapacity(_ holdings: inout [String: Holding], capacity: Int, now: Double) {
        while holdings.values.reduce(0, { $0 + $1.slots }) > capacity {
            if let lowest = lowestPriority(holdings, at: now) {
                holdings[lowest.code] = nil
            } else if let index = holdings.keys.max() {
                holdings[index] = nil
            } else { return }
        }
    }

    /// Registrations to release (first) and to request so the gateway holds exactly `holdings`.
    static func commands(from registered: Set<FeedKey>, to holdings: [String: Holding]) -> [AllocatorCommand] {
        var target = Set<FeedKey>()
        for holding in holdings.values { for feed in holding.feeds { target.insert(FeedKey(code: holding.code, feed: feed)) } }
        let releases = registered.subtracting(target).sorted().map(AllocatorCommand.unsubscribe)
        let requests = target.subtracting(registered).sorted { lhs, rhs in
            let l = holdings[lhs.code]?.priority ?? 0, r = holdings[rhs.code]?.priority ?? 0
            return l != r ? l > r : lhs < rhs
        }.map(AllocatorCommand.subscribe)
        return releases + requests
    }
}
