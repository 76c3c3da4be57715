import IPC

/// A gateway command addressed to one gateway of the pool.
public struct RoutedCommand: Sendable, Equatable {
    /// The gateway's index in ``GatewayPool/members``.
    public var gateway: Int
    public var command: AllocatorCommand
    public init(gateway: Int, command: AllocatorCommand) { self.gateway = gateway; self.command = command }
}

/// The allocator's view of several ws-gateways, one per KIS account, as one pool of slots: a pure
/// layer around the pure planner. `SlotAllocator.plan` sees the pool as one gateway (the sum of the
/// up gateways' slots, the union of their registrations, fallback only when none is up), so
/// emergency promotion and the sector cap work across the pool unchanged; ``route(_:)`` then says
/// which gateway registers each feed, never more than one gateway's capacity on it.
///
/// A gateway whose socket is lost or whose KIS session is down leaves the pool at the next
/// decision: its slots and registrations no longer count, and ``apply(to:)`` asks the planner to
/// rebalance at once, so its stocks go to REST or to the remaining slots by priority within that
/// one decision. When it is back, the next decision fills it again.
public struct GatewayPool: Sendable, Equatable {
    /// One gateway.
    public struct Member: Sendable, Equatable {
        /// The socket name (`gateway@N`).
        public var name: String
        /// The allocator's client is connected to its socket.
        public var isReachable = false
        /// Its KIS session is up (the ledger's `connected`).
        public var isConnected = false
        /// Registrations its session takes (the ledger's capacity, at most the configured one).
        public var capacity: Int
        /// Slots held by others (execution notices).
        public var foreign = 0
        /// What it holds, plus commands in flight.
        public var registered: Set<FeedKey> = []
        /// Commands sent to it and not yet answered: true = subscribe.
        public var inFlight: [FeedKey: Bool] = [:]

        public var isUp: Bool { isReachable && isConnected }
        /// Slots it can still take.
        public var free: Int { max(0, capacity - foreign - registered.count) }
    }

    public private(set) var members: [Member]
    /// Registrations one session takes (`allocator.capacity`, KIS: 41).
    public let sessionCapacity: Int
    /// Which members were up at the last ``apply(to:)``.
    private var lastUp: [Bool]

    public init(names: [String], sessionCapacity: Int) {
        self.sessionCapacity = sessionCapacity
        members = names.map { Member(name: $0, capacity: sessionCapacity) }
        lastUp = names.map { _ in false }
    }

    /// The gateway's published ledger: what it holds is the truth, plus commands still in flight.
    public mutating func reconcile(_ index: Int, with ledger: Ledger) {
        guard members.indices.contains(index) else { return }
        var member = members[index]
        member.isReachable = true
        member.isConnected = ledger.connected
        member.capacity = min(sessionCapacity, ledger.capacity)
        var held = Set<FeedKey>()
        var foreign = 0
        for entry in ledger.entries {
            if entry.feed == .notice { foreign += 1 } else { held.insert(FeedKey(code: entry.code, feed: entry.feed)) }
        }
        for (key, isSubscribe) in member.inFlight {
            if isSubscribe { held.insert(key) } else { held.remove(key) }
        }
        member.foreign = foreign
        member.registered = held
        members[index] = member
    }

    /// Whether the allocator's client reaches the gateway's socket. A lost socket is a lost process:
    /// nothing it held is known to be held any more (a restarted gateway starts empty).
    public mutating func setReachable(_ index: Int, _ reachable: Bool) {
        guard members.indices.contains(index), members[index].isReachable != reachable else { return }
        members[index].isReachable = reachable
        if !reachable {
            members[index].isConnected = false
            members[index].registered = []
            members[index].inFlight = [:]
        }
    }

    /// The pool's slots (the up members'), as the planner's one gateway.
    public var capacity: Int { members.filter(\.isUp).reduce(0) { $0 + $1.capacity } }

    /// Pushes the pool into `state`: the up members' registrations, capacity and foreign slots;
    /// up when any member is; a rebalance now when the set of up members changed.
    public mutating func apply(to state: inout AllocatorState) {
        let up = members.map(\.isUp)
        var registered = Set<FeedKey>()
        for member in members where member.isUp { registered.formUnion(member.registered) }
        state.registered = registered
        state.poolCapacity = capacity
        state.gatewayCapacity = capacity
        state.foreignSlots = members.filter(\.isUp).reduce(0) { $0 + $1.foreign }
        state.isGatewayUp = up.contains(true)
        if up != lastUp { state.needsRebalance = true }
        lastUp = up
    }

    /// The commands that bring the up members to `holdings`' feeds, releases first: a feed no holding
    /// wants, or held twice (a returning gateway re-registered what moved elsewhere), is released; a
    /// wanted feed nobody holds goes to the member holding the stock's other feed when it has room,
    /// else to the member with the most free slots (first by index on a tie), highest priority
    /// first. A feed that fits nowhere waits for the next decision. Records the commands as in flight.
    public mutating func route(_ holdings: [String: Holding]) -> [RoutedCommand] {
        var target = Set<FeedKey>()
        for holding in holdings.values { for feed in holding.feeds { target.insert(FeedKey(code: holding.code, feed: feed)) } }
        var releases: [RoutedCommand] = []
        var owner: [FeedKey: Int] = [:]
        for index in members.indices where members[index].isUp {
            for key in members[index].registered.sorted() {
                if target.contains(key) && owner[key] == nil {
                    owner[key] = index
                } else {
                    releases.append(RoutedCommand(gateway: index, command: .unsubscribe(key)))
                    members[index].registered.remove(key)
                    members[index].inFlight[key] = false
                }
            }
        }
        let wanted = target.filter { owner[$0] == nil }.sorted { lhs, rhs in
            let l = holdings[lhs.code]?.priority ?? 0, r = holdings[rhs.code]?.priority ?? 0
            return l != r ? l > r : lhs < rhs
        }
        var requests: [RoutedCommand] = []
        for key in wanted {
            let open = members.indices.filter { members[$0].isUp && members[$0].free > 0 }
            let sibling = open.first { index in members[index].registered.contains { $0.code == key.code } }
            guard let index = sibling ?? open.max(by: { (members[$0].free, -$0) < (members[$1].free, -$1) }) else { continue }
            requests.append(RoutedCommand(gateway: index, command: .subscribe(key)))
            members[index].registered.insert(key)
            members[index].inFlight[key] = true
        }
        return releases + requests
    }

    /// The gateway answered (`ok`, `duplicate`, `slots_full`, `rejected`, or nil when it did not).
    public mutating func answered(_ routed: RoutedCommand, result: String?) {
        guard members.indices.contains(routed.gateway) else { return }
        let key = routed.command.key
        members[routed.gateway].inFlight[key] = nil
        if result == nil || (routed.command.isSubscribe && (result == "slots_full" || result == "rejected")) {
            if routed.command.isSubscribe { members[routed.gateway].registered.remove(key) } else { members[routed.gateway].registered.insert(key) }
        }
    }

    /// Where each registered feed is, for status: per member, its name, state and slots.
    public var summary: [(name: String, up: Bool, used: Int, capacity: Int)] {
        members.map { ($0.name, $0.isUp, $0.registered.count + $0.foreign, $0.capacity) }
    }
}
