import Dispatch
import IPC

/// The signals process's mutable heart, behind one actor: the pure `SignalEvaluator` and the
/// counters around it. Inputs from the three upstream sockets arrive here; what comes out (signals
/// and hints) the service hands to its publisher and sinks. No I/O happens here.
actor SignalsCore {
    private var evaluator: SignalEvaluator
    private let clock: MarketClock
    private var evaluationNanoseconds: UInt64 = 0
    private var evaluations = 0
    private var hintFailures = 0
    private var reportedDay: Int?

    init(evaluator: SignalEvaluator, clock: MarketClock) {
        self.evaluator = evaluator
        self.clock = clock
    }

    /// Evaluates one upstream message; the signals and hints it fired, in order.
    /// - Parameter wall: the wall time now (Unix seconds), against which the data's age is taken.
    ///
    /// The age runs from the market time the data carries (``DataTime``), else from its arrival.
    func ingest(_ message: Message, wall: Double) -> SignalBatch {
        let now = clock.now()
        let speed = clock.speed
        func arrival(_ receivedAt: Double) -> Double { receivedAt > 0 ? now - max(0, wall - receivedAt) * speed : now }
        func age(_ receivedAt: Double, stamp: String? = nil) -> Double {
            max(0, now - DataTime.of(stamp: stamp, arrival: arrival(receivedAt)))
        }
        var fired = SignalBatch()
        func add(_ batch: SignalBatch) {
            fired.signals += batch.signals
            fired.hints += batch.hints
        }
        let started = DispatchTime.now().uptimeNanoseconds
        var inputs = 0
        switch message {
        case .trades(let trades):
            inputs = trades.count
            for trade in trades { add(evaluator.ingest(trade, now: now, dataAge: age(trade.receivedAt, stamp: trade.time))) }
        case .quotes(let quotes):
            inputs = quotes.count
            for quote in quotes { add(evaluator.ingest(quote, now: now, dataAge: age(quote.receivedAt, stamp: quote.time))) }
        case .orderBooks(let books):
            inputs = books.count
            for book in books { add(evaluator.ingest(book, now: now, dataAge: age(book.receivedAt, stamp: book.time))) }
        case .viStatus(let status):
            inputs = status.events.count
            add(evaluator.ingest(status, now: now, dataAge: age(status.receivedAt)))
        case .allocation(let allocation): evaluator.apply(allocation)
        case .ranking(let ranking): evaluator.learnNames(from: ranking)
        default: break
        }
        if inputs > 0 {
            evaluationNanoseconds &+= DispatchTime.now().uptimeNanoseconds - started
            evaluations += inputs
        }
        return fired
    }

    func countHintFailure() { hintFailures += 1 }

    /// The day's state to save, if there is any.
    func snapshot() -> SignalsSnapshot? { evaluator.snapshot(at: clock.now()) }

    /// Whether any signal fired today (else no report is written).
    var hasSignals: Bool { evaluator.statistics.total > 0 }

    /// The day's report now.
    func report() -> SignalReport { evaluator.report(now: clock.now()) }

    /// The day's report once the market clock is past `reportSecond` (once a day), else `nil`.
    func reportIfDue(reportSecond: Double) -> SignalReport? {
        let now = clock.now()
        guard let day = evaluator.day, reportedDay != day, MarketClock.secondsOfDay(now) >= reportSecond else { return nil }
        reportedDay = day
        return evaluator.report(now: now)
    }

    /// `status` details: signal counts per kind and window, stocks, inputs, evaluation cost, hints.
    func statusDetails() -> [String: JSONValue] {
        let cost = evaluations > 0 ? Double(evaluationNanoseconds) / Double(evaluations) : 0
        return [
            "signals": evaluator.statistics.json,
            "stocks": .number(Double(evaluator.stockCount)),
            "evaluation": .object(["inputs": .number(Double(evaluations)), "ns_per_input": .number(cost.rounded())]),
            "hint_failures": .number(Double(hintFailures)),
        ]
    }
}
