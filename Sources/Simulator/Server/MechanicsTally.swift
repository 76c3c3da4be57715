import IPC

/// Daily counts of the KRX mechanics across the universe, computed from the full tape alone (what a
/// client with unlimited KIS access receives): VI triggers by kind and halts from the market-operation
/// notices (H0STMKO0), limit hits from the trades (a print at the limit of its base price), and the
/// after-market's prints; limit locks and their breaks from the mechanics episodes of `events.jsonl`.
/// A pure fold: feed it `MarketTape.play(to:_:operations:)` and the episodes.
///
/// ```swift
/// var tally = MechanicsTally()
/// tape.play(to: 20 * 3600, { tally.ingest($0) }, operations: { tally.ingest($0) })
/// print(tally.rows)
/// ```
public struct MechanicsTally: Sendable, Equatable {
    /// VI triggers by `vi_kind_code`: static, dynamic, both at once.
    public private(set) var staticVI = 0
    public private(set) var dynamicVI = 0
    public private(set) var staticAndDynamicVI = 0
    /// Stocks with at least one VI.
    public private(set) var viStocks: Set<String> = []
    /// Stocks that printed at their upper (lower) limit at least once.
    public private(set) var upperLimitStocks: Set<String> = []
    public private(set) var lowerLimitStocks: Set<String> = []
    /// Stocks halted at some point of the day (all day or intraday).
    public private(set) var haltedStocks: Set<String> = []
    /// Prints in the after-market (session code `30`).
    public private(set) var afterMarketTrades = 0
    /// Limit locks as the tape's books show them: no ask and the best bid at the upper limit of the
    /// stock's base price (known from its trades), or no bid and the best ask at the lower limit; and
    /// the locks the books show ending while trading goes on (call-auction books, which carry an
    /// expected price, say nothing either way).
    public private(set) var bookUpperLocks = 0
    public private(set) var bookLowerLocks = 0
    public private(set) var bookUnlocks = 0
    private var bases: [String: Int] = [:]
    private var bookLock: [String: Int8] = [:]
    /// Limit locks, and those broken before the end of continuous trading (15:20), from the episodes.
    public private(set) var upperLimitLocks = 0
    public private(set) var lowerLimitLocks = 0
    public private(set) var locksBroken = 0

    public init() {}

    /// The counts of a day the model has run (unwatched: its market-operation notices and the
    /// mechanics episodes, without the tape's order books).
    public init(day model: MarketModel) {
        model.operations.forEach { ingest($0) }
        model.episodes.forEach { ingest($0) }
    }

    /// Counts one market-operation notice.
    public mutating func ingest(_ op: MarketOperation) {
        switch op.kind {
        case .viTrigger:
            switch op.viKind {
            case .static?: staticVI += 1
            case .dynamic?: dynamicVI += 1
            case .both?: staticAndDynamicVI += 1
            case nil: break
            }
            viStocks.insert(op.code)
        case .halt:
            haltedStocks.insert(op.code)
        case .viRelease, .resume:
            break
        }
    }

    /// Counts the limit hits and after-market prints of a tape message (other messages are ignored).
    public mutating func ingest(_ message: Message) {
        if case .orderBooks(let books) = message {
            for book in books { ingest(book) }
            return
        }
        guard case .trades(let trades) = message else { return }
        for t in trades {
            let base = t.price - t.change
            bases[t.code] = base
            if t.price >= KRXRules.upperLimit(base: base) { upperLimitStocks.insert(t.code) }
            if t.price <= KRXRules.lowerLimit(base: base) { lowerLimitStocks.insert(t.code) }
            if t.session == "30" { afterMarketTrades += 1 }
        }
    }

    private mutating func ingest(_ book: OrderBook) {
        guard book.expectedPrice == nil, let base = bases[book.code] else { return }
        let ask = book.asks.first?.price ?? 0, bid = book.bids.first?.price ?? 0
        let state: Int8 = ask == 0 && bid == KRXRules.upperLimit(base: base) ? 1
            : bid == 0 && ask == KRXRules.lowerLimit(base: base) ? -1 : 0
        let previous = bookLock[book.code] ?? 0
        guard state != previous else { return }
        bookLock[book.code] = state
        if previous != 0 { bookUnlocks += 1 }
        if state > 0 { bookUpperLocks += 1 }
        if state < 0 { bookLowerLocks += 1 }
    }

    /// Counts a mechanics episode (an `events.jsonl` line): limit locks and their breaks.
    public mutating func ingest(_ episode: PhaseEpisode) {
        switch episode.kind {
        case .upperLimitLock:
            upperLimitLocks += 1
            upperLimitStocks.insert(episode.code)
        case .lowerLimitLock:
            lowerLimitLocks += 1
            lowerLimitStocks.insert(episode.code)
        case .viStatic, .viDynamic, .viStaticDynamic, .halt:
            return
        }
        if episode.end < KRXRules.closingAuctionStart { locksBroken += 1 }
    }

    /// All VI triggers.
    public var viTriggers: Int { staticVI + dynamicVI + staticAndDynamicVI }

    /// The counts as labelled rows, for `bench market` and reports.
    public var rows: [(name: String, value: Int)] {
        [("viStatic", staticVI), ("viDynamic", dynamicVI), ("viStaticAndDynamic", staticAndDynamicVI),
         ("viStocks", viStocks.count), ("upperLimitStocks", upperLimitStocks.count),
         ("lowerLimitStocks", lowerLimitStocks.count), ("upperLimitLocks", upperLimitLocks),
         ("lowerLimitLocks", lowerLimitLocks), ("locksBroken", locksBroken), ("bookUpperLocks", bookUpperLocks),
         ("bookLowerLocks", bookLowerLocks), ("bookUnlocks", bookUnlocks), ("haltedStocks", haltedStocks.count),
         ("afterMarketTrades", afterMarketTrades)]
    }
}
