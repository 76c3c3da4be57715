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
        // By universe position, marked from the few codes concerned: no hash per stock.
        let marks = PositionMarks(state.universe)
        let isIndex = marks.marking(configuration.indexCodes)
        let watched = marks.marking(state.watchList)
        let held = marks.holdings(holdings)
        var challengers = [Bool](repeating: false, count: state.universe.count)
        for i in topNonHolders(state, scores: hazards ?? scores, holdings: holdings, count: configuration.challengerCount) { challengers[i] = true }
        let mediumHazard = configuration.hazard.mediumHazard
        var entries: [PollPlanEntry] = []
        entries.reserveCapacity(state.universe.count)
        for (i, stock) in state.universe.stocks.enumerated() where !isIndex[i] {
            let priority: PollPriority
            let reason: String
            var wantsOrderBook: Bool?
            if let holding = held[i] {
                guard isFallback else { continue }
                priority = .critical; reason = "ws_fallback"
                wantsOrderBook = holding.tier == 1 ? true : nil
            } else if stock.isHalted {
                priority = .background; reason = "halted"
            } else if challengers[i] {
                priority = .high; reason = "challenger"
            } else if watched[i] {
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

    /// Universe positions of the `count` best-scored stocks without a slot (ties by position), drawn
    /// from a heap: the prefix a full sort would give, without sorting the universe.
    static func topNonHolders(_ state: AllocatorState, scores: [Double], holdings: [String: Holding], count: Int) -> [Int] {
        guard count > 0 else { return [] }
        let marks = PositionMarks(state.universe)
        let isIndex = marks.marking(state.configuration.indexCodes)
        let held = marks.marking(Array(holdings.keys))
        var positions: [Int] = []
        positions.reserveCapacity(state.universe.count)
        for (i, stock) in state.universe.stocks.enumerated() where !held[i] && !stock.isHalted && !isIndex[i] {
            positions.append(i)
        }
        return OrderedSelection.prefix(positions, count) { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
    }
}

/// Flags by universe position for a few codes, so a loop over the universe reads an array instead
/// of hashing each stock's code into a set or dictionary (codes outside the universe are ignored,
/// as a loop over the universe never meets them).
struct PositionMarks {
    let universe: StockUniverse

    init(_ universe: StockUniverse) { self.universe = universe }

    /// `true` at the position of each of `codes`.
    func marking<S: Sequence>(_ codes: S) -> [Bool] where S.Element == String {
        var marks = [Bool](repeating: false, count: universe.count)
        for code in codes { if let i = universe.index(of: code) { marks[i] = true } }
        return marks
    }

    /// Each holding at its stock's position.
    func holdings(_ holdings: [String: Holding]) -> [Holding?] {
        var result = [Holding?](repeating: nil, count: universe.count)
        for (code, holding) in holdings { if let i = universe.index(of: code) { result[i] = holding } }
        return result
    }
}
