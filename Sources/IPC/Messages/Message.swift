import Foundation

/// Every IPC message of the v1 catalog. On the wire: one JSON object whose `"type"` names the case
/// and whose other members are the payload's (see `docs/ipc.md`).
public enum Message: Sendable, Equatable {
    public static let catalogVersion = 1

    case hello(Hello)
    case welcome(Welcome)
    case ack(Ack)
    case error(ErrorReply)
    case status(StatusRequest)
    case statusReport(StatusReport)
    case trades([Trade])
    case orderBooks([OrderBook])
    case indices([IndexTick])
    case notices([ExecutionNoticeTick])
    case quotes([Quote])
    case ranking(Ranking)
    case viStatus(VIStatus)
    case subscribe(FeedCommand)
    case unsubscribe(FeedCommand)
    case ledgerRequest(LedgerRequest)
    case ledger(Ledger)
    case pollPlan(PollPlan)
    case allocation(Allocation)
    case signal(TradeSignal)
    case score(ScoreCommand)
    case watch(WatchCommand)
    case unwatch(WatchCommand)
    case emergency(EmergencyCommand)
    case strategy(StrategyCommand)

    /// The wire `type` of this message.
    public var type: String {
        switch self {
        case .hello: "hello"
        case .welcome: "welcome"
        case .ack: "ack"
        case .error: "error"
        case .status: "status"
        case .statusReport: "status_report"
        case .trades: "trades"
        case .orderBooks: "orderbooks"
        case .indices: "indices"
        case .notices: "notices"
        case .quotes: "quotes"
        case .ranking: "ranking"
        case .viStatus: "vi_status"
        case .subscribe: "subscribe"
        case .unsubscribe: "unsubscribe"
        case .ledgerRequest: "ledger_request"
        case .ledger: "ledger"
        case .pollPlan: "poll_plan"
        case .allocation: "allocation"
        case .signal: "signal"
        case .score: "score"
        case .watch: "watch"
        case .unwatch: "unwatch"
        case .emergency: "emergency"
        case .strategy: "strategy"
        }
    }

    /// The request id, for requests and replies; `nil` for published data.
    public var id: String? {
        switch self {
        case .hello(let m): m.id
        case .welcome(let m): m.id
        case .ack(let m): m.id
        case .error(let m): m.id
        case .status(let m): m.id
        case .statusReport(let m): m.id
        case .subscribe(let m), .unsubscribe(let m): m.id
        case .ledgerRequest(let m): m.id
        case .ledger(let m): m.id
        case .pollPlan(let m): m.id
        case .score(let m): m.id
        case .watch(let m), .unwatch(let m): m.id
        case .emergency(let m): m.id
        case .strategy(let m): m.id
        case .trades, .orderBooks, .indices, .notices, .quotes, .ranking, .viStatus, .allocation, .signal: nil
        }
    }

    /// The same message with its request id replaced (requests only; others unchanged).
    public func withID(_ id: String) -> Message {
        switch self {
        case .hello(var m): m.id = id; return .hello(m)
        case .status(var m): m.id = id; return .status(m)
        case .subscribe(var m): m.id = id; return .subscribe(m)
        case .unsubscribe(var m): m.id = id; return .unsubscribe(m)
        case .ledgerRequest(var m): m.id = id; return .ledgerRequest(m)
        case .pollPlan(var m): m.id = id; return .pollPlan(m)
        case .score(var m): m.id = id; return .score(m)
        case .watch(var m): m.id = id; return .watch(m)
        case .unwatch(var m): m.id = id; return .unwatch(m)
        case .emergency(var m): m.id = id; return .emergency(m)
        case .strategy(var m): m.id = id; return .strategy(m)
        default: return self
        }
    }

    /// Whether this message is a reply (answers a request with the same id).
    public var isReply: Bool {
        switch self {
        case .welcome, .ack, .error, .statusReport: true
        case .ledger(let m): m.id != nil
        default: false
        }
    }

    /// The publish topic of a data message; `nil` for requests and replies.
    public var topic: Topic? {
        switch self {
        case .trades: .trade
        case .orderBooks: .orderbook
        case .indices: .index
        case .notices: .notice
        case .quotes, .viStatus: .quote
        case .ranking: .ranking
        case .ledger(let m): m.id == nil ? .ledger : nil
        case .allocation: .allocation
        case .signal: .signal
        default: nil
        }
    }
}

/// Publish/subscribe topics, named in a client's `hello`.
public enum Topic: String, Codable, Sendable, CaseIterable {
    case trade, orderbook, index, notice, ledger
    case quote, ranking
    case allocation
    case signal

    /// Market-data topics may be dropped for a slow subscriber; the others never are.
    public var isDroppable: Bool {
        switch self {
        case .trade, .orderbook, .index, .quote, .ranking: true
        case .notice, .ledger, .allocation, .signal: false
        }
    }
}
