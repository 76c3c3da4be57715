import IPC
import SignalEngine

/// The reference detector: the pipeline's signal engine (`SignalEvaluator`, same configuration,
/// same rules) fed the complete tape of a day — every trade and the order book of every stock, with
/// no WebSocket or REST limit (on kis-sim, `MarketTape`). Its signals are what the engine would say
/// if it saw everything at once: the ceiling a policy's signals are scored against
/// (`ReferenceMatcher`).
///
/// The KRX kinds (`vi`, `limit_*`, `halt`, `resume`) come from the same tape: the trades' status
/// fields (the sign at the limits), the auctions' quotes (the day's limits), and the market's
/// operation notices (`ingestVI`, `ingestHalt`: a VI trigger or release with its VI list row, a
/// halt or a resumption), each the moment it happens.
///
/// Each input is evaluated at its own market time (its `receivedAt`, Unix epoch seconds on the
/// market clock), with no data age: the tape arrives the moment it happens.
public struct ReferenceDetector: Sendable {
    private var evaluator: SignalEvaluator
    /// The signals so far, in the order they fired.
    public private(set) var signals: [EventMatcher.Observation] = []

    /// - Parameter profileLookup: each stock's market and previous-day volume, as the pipeline's
    ///   `signals` reads them from the master files (`SignalEvaluator`).
    public init(configuration: SignalsConfiguration = .init(),
                profileLookup: @escaping @Sendable (String) -> StockProfile? = { _ in nil }) {
        evaluator = SignalEvaluator(configuration: configuration, profileLookup: profileLookup)
    }

    /// The kinds evaluated on order books (`book_imbalance`): a policy sees a stock's book only
    /// while it holds a tier-1 slot, so these are reported apart from the price and volume kinds.
    public static let orderBookKinds: Set<String> = Set(SignalEvaluator().rules.filter { $0.trigger == .book }.map(\.kind.rawValue))

    /// Feeds one batch of the tape (`trades`, `orderBooks` or `quotes`; other messages are ignored).
    public mutating func ingest(_ message: Message) {
        switch message {
        case .trades(let trades):
            for trade in trades { record(evaluator.ingest(trade, now: trade.receivedAt)) }
        case .orderBooks(let books):
            for book in books { record(evaluator.ingest(book, now: book.receivedAt)) }
        case .quotes(let quotes):
            for quote in quotes { record(evaluator.ingest(quote, now: quote.receivedAt)) }
        default:
            break
        }
    }

    /// A market-operation notice at market time `time`: a VI trigger or release (`vi`: the stock's VI
    /// list row) or a halt or resumption (`halted`: `TRHT_YN` after it).
    public mutating func ingestNotice(code: String, vi: VIEvent?, halted: Bool?, at time: Double) {
        if let vi { ingestVI(vi, at: time) }
        if let halted { ingestHalt(code: code, halted: halted, at: time) }
    }

    /// A VI trigger or release as the market announces it, with the stock's row of the whole-market
    /// VI list (prices, kind), at market time `time`: only the KRX status rules run on it.
    public mutating func ingestVI(_ event: VIEvent, at time: Double) {
        record(evaluator.ingest(VIStatus(events: [event], receivedAt: time), now: time, statusRulesOnly: true))
    }

    /// A halt or a resumption as the market announces it (H0STMKO0 `TRHT_YN`), at market time `time`.
    public mutating func ingestHalt(code: String, halted: Bool, at time: Double) {
        record(evaluator.ingestNotice(code: code, StatusObservation(isHalted: halted), now: time, source: .websocket, receivedAt: time))
    }

    // Read back from the signal itself, as a pipeline's `signals.jsonl` is: its time is whole
    // seconds, so the reference and a policy are compared at the same resolution.
    private mutating func record(_ batch: SignalBatch) {
        signals += batch.signals.compactMap(EventMatcher.Observation.init)
    }
}
