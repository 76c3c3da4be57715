import Foundation
import IPC

/// The allocator's mutable heart: the state, the market clock, the commands in flight. Inputs from
/// the sockets arrive here; `decide()` runs the pure `SlotAllocator.plan` and records it.
actor AllocatorCore {
    private(set) var state: AllocatorState
    private let clock: MarketClock
    /// Commands sent to the gateway and not yet answered: true = subscribe.
    private var inFlight: [FeedKey: Bool] = [:]
    private var lastAllocation: Allocation?
    private(set) var commandsSent = 0
    private(set) var refusedEmergencies = 0
    /// With several gateways (one per KIS account): the pool the plan's holdings are routed over.
    private(set) var pool: GatewayPool?

    /// `gateways`: the gateway socket names; two or more make a ``GatewayPool``.
    init(state: AllocatorState, clock: MarketClock, gateways: [String] = []) {
        self.state = state
        self.clock = clock
        if gateways.count > 1 { pool = GatewayPool(names: gateways, sessionCapacity: state.configuration.capacity) }
    }

    var now: Double { clock.now() }

    /// The allocation last published, for a subscriber that has just said `hello`.
    var latestAllocation: Allocation? { lastAllocation }

    /// The strategy windows' names, for an unknown `strategy switch`.
    var windowNames: [String] { state.configuration.windows.map(\.name) }

    /// One decision: the allocation to publish (when it changed), a new poll plan, gateway commands.
    func decide() -> (allocation: Allocation?, pollPlan: PollPlan?, commands: [RoutedCommand]) {
        let time = now
        pool?.apply(to: &state)
        state.advanceHazard(now: time)
        let decision = SlotAllocator.plan(state, now: time)
        state.apply(decision, now: time)
        refusedEmergencies += decision.refusedEmergencies.count
        let allocation = decision.allocation(generation: state.generation, time: time, capacity: state.usableCapacity)
        var published: Allocation?
        if lastAllocation.map({ !Self.sameHolders($0, allocation) }) ?? true {
            lastAllocation = allocation
            published = allocation
        }
        let plan = decision.pollPlan.map { PollPlan(generation: state.pollGeneration, entries: $0) }
        if pool != nil {
            let routed = state.isGatewayUp ? pool?.route(decision.holdings) ?? [] : []
            pool?.apply(to: &state)
            return (published, plan, routed)
        }
        for command in decision.commands { inFlight[command.key] = command.isSubscribe }
        return (published, plan, decision.commands.map { RoutedCommand(gateway: 0, command: $0) })
    }

    private static func sameHolders(_ a: Allocation, _ b: Allocation) -> Bool {
        a.holders == b.holders && a.window == b.window && a.isFallback == b.isFallback && a.capacity == b.capacity
    }

    /// The current poll plan (re-sent when the poller reconnects); `nil` before the first decision.
    func currentPollPlan() -> PollPlan? {
        state.pollGeneration > 0 ? PollPlan(generation: state.pollGeneration, entries: state.pollPlan) : nil
    }

    // MARK: Gateway

    /// Gateway `gateway`'s ledger (the index in the pool; 0 with one gateway).
    func reconcile(gateway: Int = 0, with ledger: Ledger) {
        if pool != nil { pool?.reconcile(gateway, with: ledger) } else { state.reconcile(with: ledger, inFlight: inFlight) }
    }

    func setGatewayReachable(gateway: Int = 0, _ reachable: Bool) {
        if pool != nil { pool?.setReachable(gateway, reachable) } else { state.setGatewayReachable(reachable) }
    }

    /// A gateway answered a command (`ok`, `duplicate`, `slots_full`, `rejected`, or nil on failure).
    func commandAnswered(_ routed: RoutedCommand, result: String?) {
        let command = routed.command
        commandsSent += 1
        if pool != nil {
            pool?.answered(routed, result: result)
            if command.isSubscribe, result == "slots_full" || result == "rejected" { state.subscriptionRefused(command.key, now: now) }
            return
        }
        inFlight[command.key] = nil
        if result == nil {
            // Not delivered (e.g. the gateway was not up yet): without this, the state would count
            // the feed as registered forever, since no ledger change would ever correct it.
            state.commandUnanswered(command.key, wasSubscribe: command.isSubscribe)
        }
        if command.isSubscribe, result == "slots_full" || result == "rejected" {
            state.subscriptionRefused(command.key, now: now)
        }
    }

    // MARK: Market data and requests

    func ingest(_ message: Message) {
        let time = now
        switch message {
        case .quotes(let quotes): state.ingest(quotes, now: time)
        case .trades(let trades): state.ingest(trades, now: time)
        case .orderBooks(let books): state.ingest(books, now: time)
        case .ranking(let ranking): state.ingest(ranking, now: time)
        case .signal(let signal): state.ingest(signal, now: time)
        default: break
        }
    }

    func setPerformance(code: String, score: Double) { state.setPerformance(code: code, score: score) }
    func watch(_ codes: [String]) { for code in codes { state.addToWatchList(code) } }
    func unwatch(_ codes: [String]) { for code in codes { state.removeFromWatchList(code) } }
    func requestEmergency(_ command: EmergencyCommand) {
        state.requestEmergency(code: command.code, priority: command.priority, reason: command.reason)
    }

    /// `strategy switch NAME` (`auto` or no name returns to the table); false for an unknown name.
    func switchWindow(to name: String?) -> Bool {
        guard let name, name != "auto" else { state.windowOverride = nil; state.needsRebalance = true; return true }
        guard state.configuration.windows.contains(where: { $0.name == name }) else { return false }
        state.windowOverride = name
        state.needsRebalance = true
        return true
    }

    /// `strategy reload`: a new, already validated configuration.
    func replaceConfiguration(_ configuration: AllocatorConfiguration) {
        state.configuration = configuration
        if let name = state.windowOverride, !configuration.windows.contains(where: { $0.name == name }) { state.windowOverride = nil }
        state.needsRebalance = true
    }

    func snapshot() -> AllocatorSnapshot { AllocatorSnapshot(state: state, now: now) }

    /// Figures for `status`.
    func statusDetails() -> [String: JSONValue] {
        let time = now
        let window = SlotAllocator.effectiveWindow(state, now: time)
        return [
            "policy": .string(state.configuration.policy.rawValue),
            "slots_used": .number(Double(state.slotsUsed)),
            "capacity": .number(Double(state.usableCapacity)),
            "registered": .number(Double(state.registered.count)),
            "holders": .number(Double(state.holdings.count)),
            "churn_per_hour": .number(Double(state.churnPerHour(at: time))),
            "window": .string(window.name),
            "strategy": .string(window.strategy),
            "window_override": state.windowOverride.map(JSONValue.string) ?? .null,
            "fallback": .bool(state.isFallback),
            "universe_size": .number(Double(state.universe.count)),
            "watch_list": .number(Double(state.watchList.count)),
            "generation": .number(Double(state.generation)),
            "poll_plan_generation": .number(Double(state.pollGeneration)),
            "poll_plan_size": .number(Double(state.pollPlan.count)),
            "commands_sent": .number(Double(commandsSent)),
            "emergencies_refused": .number(Double(refusedEmergencies)),
            "market_time": .string(MarketClock.clockString(time)),
            "hazard": state.hazardStatus(),
            "slots": .array(state.slotStatus()),
            "gateways": pool.map { pool in .array(pool.summary.map { member in
                .object(["socket": .string(member.name), "up": .bool(member.up), "slots_used": .number(Double(member.used)),
                         "capacity": .number(Double(member.capacity))])
            }) } ?? .null,
        ]
    }
}
