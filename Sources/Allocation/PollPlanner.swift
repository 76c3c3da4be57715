import IPC

/// Gives every universe stock without a WebSocket slot a REST priority, a refresh target and a reason.
///
/// kis41: WebSocket stocks whose gateway is down → `critical` (`ws_fallback`); the best-scored
/// non-holders → `high` (`challenger`), the watch list → `high`; hot stocks (score, ranking or a
/// recent signal) → `medium`; halted → `background`; the rest of the market → `low`. Intervals come
/// from the window, so the open polls faster and lunch slower.
/// With the hazard scoring (`hazards` given), the spare budget follows the hazard instead: the
/// highest-hazard non-holders are the challengers, and a stock at `hazard.mediumHazard` or more is
/// `medium` (`hazard`), so a stock heating up reaches the allocator sooner.
/// seed: the source document's 50 stocks every 30 s and 100 every 5 min. static: no REST.
public enum PollPlanner {
    public static func plan(_ state: AllocatorState, window: WindowStrategy, scores: [Double],
                            holdings: [String: Holding], isFallback: Bool, now: Double, hazards: [Double]? = nil) -> [PollPlanEntry] {
        switch state.configuration.policy {
        case .static: return []
        case .seed: return seedPlan(state, scores: scores, holdings: holdings, isFallback: isFallback)
        case .kis41: break
        }
        let configuration = state.configuration
        let intervals = window.intervals
        let indexCodes = Set(configuration.indexCodes)
        let watched = Set(state.watchList)
        let challengers = Set(topNonHolders(state, scores: hazards ?? scores, holdings: holdings, count: configuration.challengerCount))
        let mediumHazard = configuration.hazard.mediumHazard
        var entries: [PollPlanEntry] = []
        entries.reserveCapacity(state.universe.count)
        for (i, stock) in state.universe.stocks.enumerated() where !indexCodes.contains(stock.code) {
            let priority: PollPriority
            let reason: String
            var wantsOrderBook: Bool?
            if let holding = holdings[stock.code] {
                guard isFallback else { continue }
                priority = .critical; reason = "ws_fallback"
                wantsOrderBook = holding.tier == 1 ? true : nil
            } else if stock.isHalted {
                priority = .background; reason = "halted"
            } else if challengers.contains(i) {
                priority = .high; reason = "challenger"
            } else if watched.contains(stock.code) {
                priority = .high; reason = "watch_list"
            } else if let hazards, i < hazards.count, hazards[i] >= mediumHazard {
                priority = .medium; reason = "hazard"
            } else if scores[i] >= configuration.mediumScoreThreshold {
                priority = .medium; reason = "hot"
            } else if now - state.activity[i].rankingSeenAt <= 300 || now - state.activity[i].signalAt <= 300 {
                priority = .medium; reason = "ranking_or_signal"
            } else {
                priority = .low; reason = "universe"
            }
            entries.append(PollPlanEntry(code: stock.code, priority: priority, intervalSeconds: intervals.seconds(priority),
                                         wantsOrderBook: wantsOrderBook, reason: reason))
        }
        return entries
    }

    /// The source document's REST layout: fallback holders and the next 50 every 30 s, 100 more every 5 min.
    static func seedPlan(_ state: AllocatorState, scores: [Double], holdings: [String: Holding], isFallback: Bool) -> [PollPlanEntry] {
        let seed = state.configuration.seed
        var entries: [PollPlanEntry] = []
        if isFallback {
            for holding in holdings.values.sorted(by: { $0.code < $1.code }) where holding.tier != 0 {
                entries.append(PollPlanEntry(code: holding.code, priority: .medium, intervalSeconds: seed.restFastSeconds, reason: "ws_fallback"))
            }
        }
        let ranked = topNonHolders(state, scores: scores, holdings: holdings, count: seed.restFastCount + seed.restSlowCount)
        for (n, i) in ranked.enumerated() {
            let isFast = n < seed.restFastCount
            entries.append(PollPlanEntry(code: state.universe.stocks[i].code, priority: isFast ? .medium : .background,
                                         intervalSeconds: isFast ? seed.restFastSeconds : seed.restSlowSeconds,
                                         reason: isFast ? "seed_30s" : "seed_5min"))
        }
        return entries
    }

    /// Universe positions of the `count` best-scored stocks without a slot (ties by position).
    static func topNonHolders(_ state: AllocatorState, scores: [Double], holdings: [String: Holding], count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let indexCodes = Set(state.configuration.indexCodes)
        var positions: [Int] = []
        positions.reserveCapacity(state.universe.count)
        for (i, stock) in state.universe.stocks.enumerated()
        where holdings[stock.code] == nil && !stock.isHalted && !indexCodes.contains(stock.code) {
            positions.append(i)
        }
        positions.sort { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        return Array(positions.prefix(count))
    }
}
