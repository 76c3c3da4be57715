import IPC

/// A command for the gateway.
public enum AllocatorCommand: Sendable, Equatable, Hashable {
    case subscribe(FeedKey)
    case unsubscribe(FeedKey)

    public var key: FeedKey {
        switch self { case .subscribe(let key), .unsubscribe(let key): key }
    }

    public var isSubscribe: Bool { if case .subscribe = self { return true }; return false }

    /// The IPC message for the gateway.
    public var message: Message {
        switch self {
        case .subscribe(let key): .subscribe(FeedCommand(code: key.code, feed: key.feed))
        case .unsubscribe(let key): .unsubscribe(FeedCommand(code: key.code, feed: key.feed))
        }
    }
}

/// What one decision of `SlotAllocator.plan` concluded.
public struct AllocationDecision: Sendable {
    /// The window (strategy) in force.
    public var window: WindowStrategy
    /// The intended holders after the decision.
    public var holdings: [String: Holding]
    /// Gateway commands, releases first, so the gateway never holds more than its capacity;
    /// empty while the gateway is down (its ledger is reconciled when it is back).
    public var commands: [AllocatorCommand]
    /// A new poll plan, or `nil` when unchanged.
    public var pollPlan: [PollPlanEntry]?
    public var didRebalance: Bool
    /// Whether the holders changed.
    public var isChanged: Bool
    public var isFallback: Bool
    /// Emergency requests dealt with (granted or refused).
    public var handledEmergencies: Set<String>
    /// Emergency requests refused (no holder of lower priority).
    public var refusedEmergencies: [String]
    /// VI requests that found every slot held by another auction: still pending, tried again at
    /// the next decision while their own auction runs.
    public var deferredEmergencies: [String] = []

    /// The `allocation` message for this decision.
    public func allocation(generation: Int, time: Double, capacity: Int) -> Allocation {
        let holders = Holding.displayOrder(holdings.values).map {
            SlotHolder(code: $0.code, tier: $0.tier, feeds: $0.feeds, score: $0.score, since: $0.since, reason: $0.reason, hazard: $0.hazard)
        }
        return Allocation(generation: generation, time: time, window: window.name, strategy: window.strategy,
                          holders: holders, slotsUsed: holdings.values.reduce(0) { $0 + $1.slots },
                          capacity: capacity, isFallback: isFallback)
    }
}
