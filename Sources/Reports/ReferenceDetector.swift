import IPC
import SignalEngine

/// The reference detector: the pipeline's signal engine (`SignalEvaluator`, same configuration,
/// same rules) fed the complete tape of a day — every trade and the order book of every stock, with
/// no WebSocket or REST limit (on kis-sim, `MarketTape`). Its signals are what the engine would say
/// if it saw everything at once: the ceiling a policy's signals are scored against
/// (`ReferenceMatcher`).
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

    // Read back from the signal itself, as a pipeline's `signals.jsonl` is: its time is whole
    // seconds, so the reference and a policy are compared at the same resolution.
    private mutating func record(_ batch: SignalBatch) {
        signals += batch.signals.compactMap(EventMatcher.Observation.init)
    }
}
