import IPC

/// Counters for `status`: signals per kind, per strategy window and both; hints; inputs per feed.
public struct SignalStatistics: Sendable, Equatable, Codable {
    public private(set) var byKind: [String: Int] = [:]
    public private(set) var byWindow: [String: Int] = [:]
    public private(set) var byWindowAndKind: [String: [String: Int]] = [:]
    public private(set) var watchHints = 0
    public private(set) var emergencies = 0
    public private(set) var scores = 0
    /// Inputs per feed: `trade`, `quote`, `orderbook` (plain counters: this runs on every tick).
    private var trades = 0, quotes = 0, books = 0
    public var inputs: [String: Int] {
        ["trade": trades, "quote": quotes, "orderbook": books].filter { $0.value > 0 }
    }
    public var total: Int { byKind.values.reduce(0, +) }

    public init() {}

    mutating func count(_ signal: TradeSignal, window: StrategyWindow) {
        byKind[signal.kind.rawValue, default: 0] += 1
        byWindow[window.rawValue, default: 0] += 1
        byWindowAndKind[window.rawValue, default: [:]][signal.kind.rawValue, default: 0] += 1
    }

    mutating func count(_ hint: PromotionHint, isWatch: Bool) {
        if isWatch { watchHints += 1 }
        switch hint { case .emergency: emergencies += 1; case .score: scores += 1 }
    }

    mutating func countTrade() { trades += 1 }
    mutating func countQuote() { quotes += 1 }
    mutating func countBook() { books += 1 }

    /// As JSON for `status` details.
    public var json: JSONValue {
        func numbers(_ d: [String: Int]) -> JSONValue { .object(d.mapValues { .number(Double($0)) }) }
        return .object([
            "total": .number(Double(total)),
            "by_kind": numbers(byKind),
            "by_window": numbers(byWindow),
            "by_window_and_kind": .object(byWindowAndKind.mapValues(numbers)),
            "hints": .object(["emergency": .number(Double(emergencies)), "score": .number(Double(scores)),
                              "watch": .number(Double(watchHints))]),
            "inputs": numbers(inputs),
        ])
    }
}
