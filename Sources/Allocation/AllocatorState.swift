import IPC

/// One registration: a stock's (or index's) feed.
public struct FeedKey: Hashable, Codable, Sendable, Comparable {
    public var code: String
    public var feed: Feed
    public init(code: String, feed: Feed) { self.code = code; self.feed = feed }
    public static func < (lhs: FeedKey, rhs: FeedKey) -> Bool {
        (lhs.code, lhs.feed.rawValue) < (rhs.code, rhs.feed.rawValue)
    }
}

/// A slot holder as the allocator intends it.
public struct Holding: Codable, Sendable, Equatable {
    public var code: String
    /// 1 (trades + order book), 2 (trades), 0 (index).
    public var tier: Int
    /// Market time since which it holds a slot (dwell is measured from here).
    public var since: Double
    /// Heat score at the last decision (100 for an index).
    public var score: Double
    public var reason: String
    /// Emergency priority (0–100) while pinned by an emergency promotion.
    public var emergencyPriority: Double?
    /// Market time until which an emergency holder keeps its slot.
    public var pinnedUntil: Double?
    /// Hazard at the last rebalance, when slots are scored by hazard.
    public var hazard: Double?
    /// Market time until which the stock is in a VI auction or just out of it (its release and the
    /// move after it): until then it outranks every holder but an index (`rank(at:)`) and is pinned.
    public var auctionUntil: Double?

    public init(code: String, tier: Int, since: Double, score: Double, reason: String,
                emergencyPriority: Double? = nil, pinnedUntil: Double? = nil) {
        self.code = code; self.tier = tier; self.since = since; self.score = score; self.reason = reason
        self.emergencyPriority = emergencyPriority; self.pinnedUntil = pinnedUntil
    }

    /// The feeds this holding registers.
    public var feeds: [Feed] {
        switch tier {
        case 0: [.index]
        case 1: [.trade, .orderbook]
        default: [.trade]
        }
    }

    public var slots: Int { feeds.count }

    /// Eviction priority: an index never goes; an emergency holder has its priority; others their score.
    public var priority: Double { tier == 0 ? .infinity : max(emergencyPriority ?? 0, score) }

    /// Holdings as the `allocation` message and `status` list them: tier 1, tier 2, then the
    /// index slots; the best score first, then by code.
    public static func displayOrder(_ holdings: some Sequence<Holding>) -> [Holding] {
        holdings.sorted { ($0.tier == 0 ? 9 : $0.tier, -$0.score, $0.code) < ($1.tier == 0 ? 9 : $1.tier, -$1.score, $1.code) }
    }

    /// Whether an emergency pin holds at `now`.
    public func isPinned(at now: Double) -> Bool { (pinnedUntil ?? -.infinity) > now }

    /// Whether a VI auction (or the minute after its release) holds the stock at `now`.
    public func isInAuction(at now: Double) -> Bool { (auctionUntil ?? -.infinity) > now }

    /// The rank above every emergency priority (0–100) that a stock in a VI auction has.
    public static let auctionRank = 1000.0

    /// Eviction rank at `now`: `priority`, except that a stock in a VI auction outranks every other
    /// stock holder (`auctionRank`), since the release is where the move happens (krx-rules.md).
    public func rank(at now: Double) -> Double { tier != 0 && isInAuction(at: now) ? Self.auctionRank : priority }
}

/// A pending emergency promotion (from `emergency` or a strong signal).
public struct EmergencyRequest: Codable, Sendable, Equatable {
    public var code: String
    public var priority: Double
    public var reason: String
    /// A VI: the market time until which the stock should hold a slot whatever else asks.
    public var auctionUntil: Double?

    public init(code: String, priority: Double, reason: String, auctionUntil: Double? = nil) {
        self.code = code; self.priority = priority; self.reason = reason; self.auctionUntil = auctionUntil
    }

    /// The rank the request competes with at `now`: `Holding.auctionRank` for a VI still running.
    public func rank(at now: Double) -> Double { (auctionUntil ?? -.infinity) > now ? Holding.auctionRank : priority }
}

/// Everything the slot allocator decides from. Mutated only by its methods; `SlotAllocator.plan`
/// reads it and `apply(_:)` records the decision.
public struct AllocatorState: Sendable {
    public var configuration: AllocatorConfiguration
    public var universe: StockUniverse
    /// Parallel to `universe.stocks`.
    public var activity: [StockActivity]
    public var watchList: [String] = []
    /// Code → intended holding (stocks and indices).
    public var holdings: [String: Holding] = [:]
    /// What the gateway holds or will hold: its last ledger plus the commands sent since.
    public var registered: Set<FeedKey> = []
    /// Registrations the allocator does not own (execution notices): they use capacity.
    public var foreignSlots = 0
    /// The gateway's ledger capacity (KIS 41), when known.
    public var gatewayCapacity: Int?
    /// Gateway socket up and its KIS session connected; false → its stocks are polled by REST.
    public var isGatewayUp = false
    public var emergencies: [EmergencyRequest] = []
    /// A window chosen by `strategy switch`, kept until switched back to `auto`.
    public var windowOverride: String?
    public var currentWindow: String?
    public var lastRebalance = -Double.infinity
    /// Set when something asks for a rebalance before the period ends (watch list, strategy, refusal).
    public var needsRebalance = true
    /// Code → market time until which the gateway's refusal is respected.
    public var refusedUntil: [String: Double] = [:]
    /// Market times when a stock entered the WebSocket (churn).
    public var entries: [Double] = []
    public var generation = 0
    public var pollGeneration = 0
    public var pollPlan: [PollPlanEntry] = []
    /// Whether the last poll plan was computed in fallback.
    public var pollPlanIsFallback = false
    /// The online hazard model and what it learns from (see `HazardTracker`).
    public var hazard: HazardTracker

    public init(configuration: AllocatorConfiguration, universe: StockUniverse, watchList: [String] = []) {
        self.configuration = configuration
        self.universe = universe
        self.activity = Array(repeating: StockActivity(), count: universe.count)
        self.hazard = HazardTracker(model: configuration.hazard.makeModel())
        for code in watchList { addToWatchList(code) }
    }

    /// The position of `code`, adding it to the universe when unknown.
    mutating func index(adding code: String) -> Int {
        if let index = universe.index(of: code) { return index }
        let index = universe.add(UniverseStock(code: code))
        activity.append(StockActivity())
        return index
    }

    /// Slots available to the allocator: the configured capacity (or the gateway's, if lower) minus foreign ones.
    public var usableCapacity: Int {
        if let poolCapacity { return max(0, poolCapacity - foreignSlots) }
        return max(0, min(configuration.capacity, gatewayCapacity ?? 41) - foreignSlots)
    }

    /// With several gateways (one per KIS account), the slots of those up (`GatewayPool.apply(to:)`);
    /// nil with one gateway.
    public var poolCapacity: Int?

    /// Slots the intended holdings use.
    public var slotsUsed: Int { holdings.values.reduce(0) { $0 + $1.slots } }

    /// Each holder for `status`, in `Holding.displayOrder`: code, tier, score, hazard (when known),
    /// market time since it holds the slot, and why.
    public func slotStatus() -> [JSONValue] {
        Holding.displayOrder(holdings.values).map { h in
            .object(["code": .string(h.code), "tier": .number(Double(h.tier)), "score": .number((h.score * 10).rounded() / 10),
                     "hazard": h.hazard.map { .number(($0 * 1000).rounded() / 1000) } ?? .null,
                     "since": .string(MarketClock.clockString(h.since)), "reason": .string(h.reason)])
        }
    }

    /// Whether WebSocket stocks are currently polled by REST instead.
    public var isFallback: Bool { !isGatewayUp }

    /// The strategy window in force at market time `now`.
    public func window(at now: Double) -> WindowStrategy {
        let windows = configuration.windows
        if let name = windowOverride, let chosen = windows.first(where: { $0.name == name }) { return chosen }
        let second = MarketClock.secondsOfDay(now)
        var current = windows[0]
        for window in windows where (window.startSecond ?? 0) <= second { current = window }
        return current
    }

    /// Stock entries into the WebSocket during the last market hour.
    public func churnPerHour(at now: Double) -> Int { entries.reduce(0) { $0 + (now - $1 <= 3600 ? 1 : 0) } }
}

extension AllocatorState {
    // MARK: Inputs

    /// Whether `now` is before the regular session (09:00 KST): quotes carry expected prices.
    static func isAuction(_ now: Double) -> Bool {
        let second = MarketClock.secondsOfDay(now)
        return second < 9 * 3600 || second >= 15 * 3600 + 20 * 60
    }

    public mutating func ingest(_ quotes: [Quote], now: Double) {
        let auction = Self.isAuction(now)
        for quote in quotes {
            let i = index(adding: quote.code)
            activity[i].apply(quote, inAuction: auction, now: now)
            hazard.observe(quote, index: i, now: now)
        }
    }

    public mutating func ingest(_ trades: [Trade], now: Double) {
        for trade in trades {
            let i = index(adding: trade.code)
            activity[i].apply(trade, now: now)
            hazard.observe(trade, index: i, now: now)
        }
    }

    public mutating func ingest(_ books: [OrderBook], now: Double) {
        for book in books {
            let i = index(adding: book.code)
            activity[i].apply(book, now: now)
            hazard.observe(book, index: i, now: now)
        }
    }

    /// Ranking rows: strength 1 for the top row down to 0.5 for the last.
    public mutating func ingest(_ ranking: Ranking, now: Double) {
        let count = max(ranking.rows.count, 1)
        for row in ranking.rows {
            let i = index(adding: row.code)
            let strength = 1 - 0.5 * Double(max(row.rank, 1) - 1) / Double(count)
            if now - activity[i].rankingSeenAt > 60 || strength > activity[i].rankingStrength {
                activity[i].rankingStrength = max(0.5, strength)
            }
            activity[i].rankingSeenAt = now
            hazard.observeRanking(strength: max(0.5, strength), index: i, now: now)
        }
    }

    /// A trading signal: recorded for scoring; a strong one of a promotion kind is an emergency; a
    /// `vi` one asks for a slot through the auction whatever the stock's tier (`viAuctionSeconds`).
    public mutating func ingest(_ signal: TradeSignal, now: Double) {
        let i = index(adding: signal.code)
        activity[i].signalStrength = abs(signal.strength)
        activity[i].signalAt = now
        hazard.signalFired(index: i, now: now)
        if signal.kind == .vi, configuration.viAuctionSeconds > 0 {
            let released = signal.event == "released"
            requestEmergency(code: signal.code, priority: configuration.signalPromotionPriority,
                             reason: released ? "vi released" : "vi auction",
                             auctionUntil: now + (released ? 0 : configuration.viAuctionSeconds) + configuration.viAfterReleaseSeconds)
        }
        if configuration.signalPromotionKinds.contains(signal.kind.rawValue), abs(signal.strength) >= configuration.signalPromotionStrength {
            requestEmergency(code: signal.code, priority: configuration.signalPromotionPriority,
                             reason: "signal \(signal.kind.rawValue) \(signal.strength)")
        }
    }

    /// Sets a performance score (0–100).
    public mutating func setPerformance(code: String, score: Double) {
        activity[index(adding: code)].performance = min(max(score, 0), 100)
    }

    /// Asks for a slot at the next decision; `auctionUntil` (a VI) makes it outrank every other
    /// stock holder until then. Two requests for one stock before a decision merge: the higher
    /// priority, the later auction end, the newer reason.
    public mutating func requestEmergency(code: String, priority: Double, reason: String, auctionUntil: Double? = nil) {
        _ = index(adding: code)
        var request = EmergencyRequest(code: code, priority: min(max(priority, 0), 100), reason: reason, auctionUntil: auctionUntil)
        if let pending = emergencies.first(where: { $0.code == code }) {
            request.priority = max(request.priority, pending.priority)
            if let earlier = pending.auctionUntil { request.auctionUntil = max(request.auctionUntil ?? earlier, earlier) }
        }
        emergencies.removeAll { $0.code == code }
        emergencies.append(request)
    }

    public mutating func addToWatchList(_ code: String) {
        guard !watchList.contains(code) else { return }
        _ = index(adding: code)
        watchList.append(code)
        needsRebalance = true
    }

    public mutating func removeFromWatchList(_ code: String) {
        guard watchList.contains(code) else { return }
        watchList.removeAll { $0 == code }
        needsRebalance = true
    }

    /// Whether the gateway socket is connected (a lost socket means no WebSocket data: fallback).
    public mutating func setGatewayReachable(_ reachable: Bool) {
        if !reachable { isGatewayUp = false }
    }

    /// Reconciles with the gateway's ledger: what it holds is the truth, plus commands still in flight.
    public mutating func reconcile(with ledger: Ledger, inFlight: [FeedKey: Bool] = [:]) {
        isGatewayUp = ledger.connected
        gatewayCapacity = ledger.capacity
        var held = Set<FeedKey>()
        var foreign = 0
        for entry in ledger.entries {
            if entry.feed == .notice { foreign += 1 } else { held.insert(FeedKey(code: entry.code, feed: entry.feed)) }
        }
        for (key, isSubscribe) in inFlight {
            if isSubscribe { held.insert(key) } else { held.remove(key) }
        }
        foreignSlots = foreign
        registered = held
    }

    /// A command got no answer (the gateway was unreachable or silent): forget its assumed effect so
    /// the next decision sends it again. If the gateway did carry it out, its next published ledger
    /// says so (`reconcile(with:)`).
    public mutating func commandUnanswered(_ key: FeedKey, wasSubscribe: Bool) {
        if wasSubscribe { registered.remove(key) } else { registered.insert(key) }
    }

    /// The gateway refused a subscription (`slots_full`, `rejected`): drop the holding, respect the refusal.
    public mutating func subscriptionRefused(_ key: FeedKey, now: Double) {
        registered.remove(key)
        refusedUntil[key.code] = now + configuration.rejectionCooldownSeconds
        if holdings[key.code] != nil {
            holdings[key.code] = nil
            needsRebalance = true
        }
    }

    /// Records a decision: holdings, the registrations its commands lead to, churn, generations.
    public mutating func apply(_ decision: AllocationDecision, now: Double) {
        for code in decision.holdings.keys where holdings[code] == nil && (decision.holdings[code]?.tier ?? 0) != 0 {
            entries.append(now)
        }
        if entries.count > 4096 || (entries.first.map { now - $0 > 3600 } ?? false) {
            entries.removeAll { now - $0 > 3600 }
        }
        if decision.isChanged { generation += 1 }
        holdings = decision.holdings
        for command in decision.commands {
            switch command {
            case .subscribe(let key): registered.insert(key)
            case .unsubscribe(let key): registered.remove(key)
            }
        }
        currentWindow = decision.window.name
        if decision.didRebalance { lastRebalance = now; needsRebalance = false }
        emergencies.removeAll { decision.handledEmergencies.contains($0.code) }
        if let plan = decision.pollPlan {
            pollPlan = plan
            pollGeneration += 1
            pollPlanIsFallback = decision.isFallback
        }
        refusedUntil = refusedUntil.filter { $0.value > now }
    }
}
