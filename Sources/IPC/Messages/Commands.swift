/// A WebSocket feed of one stock (or index): each takes one of the 41 registrations.
public enum Feed: String, Codable, Sendable, Equatable, Hashable, CaseIterable {
    case trade, orderbook, index, notice
}

/// Asks the gateway to register (subscribe) or release (unsubscribe) one feed.
/// The reply is an `ack` whose `result` is `ok`, `duplicate`, `slots_full` or `rejected`
/// (with the KIS `msg_cd` in `detail`).
public struct FeedCommand: Codable, Sendable, Equatable {
    public var id: String
    public var code: String
    public var feed: Feed
    public init(id: String = "", code: String, feed: Feed) { self.id = id; self.code = code; self.feed = feed }
}

/// Asks for the gateway's ledger; the reply is a `ledger` message with the same id.
public struct LedgerRequest: Codable, Sendable, Equatable {
    public var id: String
    public init(id: String = "") { self.id = id }
}

/// One registration in the gateway's ledger.
public struct LedgerEntry: Codable, Sendable, Equatable {
    public var code: String
    public var feed: Feed
    /// `"pending"` (sent, no ack yet) or `"held"` (acknowledged by KIS).
    public var state: String
    /// Market time (seconds since midnight KST) when it was requested.
    public var since: Double
    public init(code: String, feed: Feed, state: String, since: Double) {
        self.code = code; self.feed = feed; self.state = state; self.since = since
    }
}

/// The gateway's slot ledger and session state: published on every change and on (re)connect.
public struct Ledger: Codable, Sendable, Equatable {
    public var id: String?
    public var connected: Bool
    public var capacity: Int
    public var entries: [LedgerEntry]
    /// How long data was interrupted by the last reconnect, in seconds.
    public var lastOutageSeconds: Double?
    public init(id: String? = nil, connected: Bool, capacity: Int, entries: [LedgerEntry], lastOutageSeconds: Double? = nil) {
        self.id = id; self.connected = connected; self.capacity = capacity
        self.entries = entries; self.lastOutageSeconds = lastOutageSeconds
    }
}

/// REST polling priorities, fastest first.
public enum PollPriority: String, Codable, Sendable, Equatable, Hashable, CaseIterable, Comparable {
    case critical, high, medium, low, background

    public static func < (lhs: PollPriority, rhs: PollPriority) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One stock of the poll plan.
public struct PollPlanEntry: Codable, Sendable, Equatable {
    public var code: String
    public var priority: PollPriority
    /// Target refresh interval, market seconds.
    public var intervalSeconds: Double
    /// Also fetch an order-book snapshot (cached 30 s).
    public var wantsOrderBook: Bool?
    /// Why the stock has this priority (for humans and the report).
    public var reason: String?
    public init(code: String, priority: PollPriority, intervalSeconds: Double, wantsOrderBook: Bool? = nil, reason: String? = nil) {
        self.code = code; self.priority = priority; self.intervalSeconds = intervalSeconds
        self.wantsOrderBook = wantsOrderBook; self.reason = reason
    }
}

/// The allocator's full, declarative poll plan for the poller; newer generations replace older ones.
public struct PollPlan: Codable, Sendable, Equatable {
    public var id: String
    public var generation: Int
    public var entries: [PollPlanEntry]
    public init(id: String = "", generation: Int, entries: [PollPlanEntry]) {
        self.id = id; self.generation = generation; self.entries = entries
    }
}

/// One WebSocket slot holder in the allocation.
public struct SlotHolder: Codable, Sendable, Equatable {
    public var code: String
    /// 1 (trades + order book), 2 (trades), 0 for an index.
    public var tier: Int
    public var feeds: [Feed]
    public var score: Double
    /// Market time since which it holds the slot.
    public var since: Double
    public var reason: String
    /// The allocator's hazard for the holder (chance of a signal within its horizon), when it
    /// scores by hazard; absent otherwise.
    public var hazard: Double?
    public init(code: String, tier: Int, feeds: [Feed], score: Double, since: Double, reason: String, hazard: Double? = nil) {
        self.code = code; self.tier = tier; self.feeds = feeds; self.score = score
        self.since = since; self.reason = reason; self.hazard = hazard
    }
}

/// The allocator's current decision: published on every change.
public struct Allocation: Codable, Sendable, Equatable {
    public var generation: Int
    /// Market time of the decision.
    public var time: Double
    public var window: String
    public var strategy: String
    public var holders: [SlotHolder]
    public var slotsUsed: Int
    public var capacity: Int
    /// True while the gateway is down and its stocks are polled by REST.
    public var isFallback: Bool
    public init(generation: Int, time: Double, window: String, strategy: String, holders: [SlotHolder],
                slotsUsed: Int, capacity: Int, isFallback: Bool) {
        self.generation = generation; self.time = time; self.window = window; self.strategy = strategy
        self.holders = holders; self.slotsUsed = slotsUsed; self.capacity = capacity; self.isFallback = isFallback
    }
}

/// Sets a stock's performance score (as `update_performance_score` in the source document).
public struct ScoreCommand: Codable, Sendable, Equatable {
    public var id: String
    public var code: String
    public var score: Double
    public init(id: String = "", code: String, score: Double) { self.id = id; self.code = code; self.score = score }
}

/// Adds stocks to (or removes them from) the user's watch list.
public struct WatchCommand: Codable, Sendable, Equatable {
    public var id: String
    public var codes: [String]
    public init(id: String = "", codes: [String]) { self.id = id; self.codes = codes }
}

/// Asks for a WebSocket slot now: takes a reserve slot or evicts the lowest priority holder.
public struct EmergencyCommand: Codable, Sendable, Equatable {
    public var id: String
    public var code: String
    /// 0–100; higher wins.
    public var priority: Double
    public var reason: String
    public init(id: String = "", code: String, priority: Double, reason: String) {
        self.id = id; self.code = code; self.priority = priority; self.reason = reason
    }
}

/// Switches the allocator's strategy window by name, or reloads the strategy table.
public struct StrategyCommand: Codable, Sendable, Equatable {
    public var id: String
    /// `"switch"` or `"reload"`.
    public var action: String
    public var name: String?
    public init(id: String = "", action: String, name: String? = nil) { self.id = id; self.action = action; self.name = name }
}
