import Foundation
import IPC

/// The complete tape of a simulated day, as the pipeline's own messages: every trade of every
/// stock (the market model watching the whole universe), the order book of every stock every market
/// second (its resting quantities change every second), and during the auctions, where nothing
/// trades, every stock's quote with the expected cross each second. No WebSocket registration limit,
/// no REST rate limit, no latency: what a client with unlimited KIS access would receive. The
/// reference detector (`Reports.ReferenceDetector`) runs on it.
///
/// The KRX mechanics come as KIS announces them: every stock's market-operation notices (what
/// H0STMKO0 pushes: VI trigger and release, halt and resume, `MarketOperation`) go to the
/// `operations` reader before that second's ticks; limit hits show in the trades themselves
/// (`MechanicsTally` counts both).
///
/// The ticks carry what kis-sim's frames and REST bodies carry, mapped the way the gateway
/// (`TickMapper`) and the poller map them; each tick's `receivedAt` is its market time (Unix epoch
/// seconds on the market clock). Deterministic per configuration: watching every stock changes no
/// stock's prices or volumes (see `MarketModel`).
///
/// ```swift
/// var tape = MarketTape(configuration: SimulationConfiguration(seed: 41), from: 8 * 3600 + 55 * 60)
/// tape.play(to: 10 * 3600 + 20 * 60) { message in detector.ingest(message) }
/// ```
public struct MarketTape: Sendable {
    public private(set) var model: MarketModel
    /// Market epoch seconds of 00:00 KST on the trading day.
    public let dayStart: Double
    /// The next market second to play (seconds since midnight KST).
    public private(set) var second: Double
    private var trades: [MarketTrade] = []
    /// How many of the model's market-operation notices were handed out.
    private var operationCursor = 0

    /// A day moved, unwatched, to just before `from` (seconds since midnight KST), the tape's first second.
    public init(configuration: SimulationConfiguration, from: Double) {
        self.init(model: MarketModel(configuration: configuration), from: from)
    }

    /// The tape of a given model (tests plant events and mechanics this way), from `from` on.
    public init(model: MarketModel, from: Double) {
        var model = model
        _ = model.advance(to: from - 1)
        model.watch(model.universe.listings.map(\.code))
        self.model = model
        dayStart = DayClock.dayStart(of: model.configuration.tradingDate)
        second = from
    }

    /// Plays every market second up to `to` (inclusive), handing each second's ticks to `body`
    /// in time order: `.trades` (in trade order), then `.quotes` (auctions) or `.orderBooks`.
    public mutating func play(to end: Double, _ body: (Message) -> Void) {
        play(to: end, body, operations: { _ in })
    }

    /// Plays like `play(to:_:)` and hands each second's market-operation notices to `operations` first
    /// (the notices from before the tape's first second come with its first second).
    public mutating func play(to end: Double, _ body: (Message) -> Void, operations: (MarketOperation) -> Void) {
        while second <= end {
            playSecond(second, body, operations: operations)
            second += 1
        }
    }

    private mutating func playSecond(_ second: Double, _ body: (Message) -> Void, operations: (MarketOperation) -> Void) {
        trades.removeAll(keepingCapacity: true)
        model.advance(to: second, into: &trades)
        let model = self.model
        let notices = model.operations
        if operationCursor < notices.count {
            for op in notices[operationCursor...] { operations(op) }
            operationCursor = notices.count
        }
        let session = model.session
        if !trades.isEmpty {
            body(.trades(tradeTicks(model, session: session == .afterMarket ? "30" : "20")))
        }
        guard session != .closed else { return }
        let now = dayStart + second
        let count = model.universe.count
        let time = QuoteBodies.clock(second)
        var quotes: [Quote] = []
        var books: [OrderBook] = []
        books.reserveCapacity(count)
        for i in 0..<count {
            guard let book = model.orderBook(model.universe.listings[i].code) else { continue }
            guard session.isAuction else {
                books.append(Self.orderBook(book, time: time, at: now))
                continue
            }
            let q = model.quote(at: i)
            let isOpening = session == .openingAuction
            quotes.append(Quote(code: q.code, price: q.price, previousClose: q.previousClose, change: q.change,
                                changeRate: q.changeRate, cumulativeVolume: Int(q.cumulativeVolume), open: q.open,
                                high: q.high, low: q.low, expectedPrice: isOpening && q.expectedPrice > 0 ? q.expectedPrice : nil,
                                expectedVolume: isOpening ? Int(q.expectedVolume) : nil, receivedAt: now))
            books.append(Self.orderBook(book, time: time, at: now, expectedPrice: q.expectedPrice > 0 ? q.expectedPrice : nil,
                                        expectedVolume: q.expectedPrice > 0 ? Int(q.expectedVolume) : nil))
        }
        if !quotes.isEmpty { body(.quotes(quotes)) }
        body(.orderBooks(books))
    }

    /// The trades of this second as the gateway's ticks (`RealtimeRecords.trade` then `TickMapper.trade`).
    private func tradeTicks(_ model: MarketModel, session code: String) -> [Trade] {
        var clocks: [Int: String] = [:]
        var sameTimeVolume: [Int32: Int64] = [:]
        var viReference: [Int32: Int] = [:]
        return trades.map { t in
            if sameTimeVolume[t.stockIndex] == nil {
                let q = model.quote(at: Int(t.stockIndex))
                sameTimeVolume[t.stockIndex] = q.previousDaySameTimeVolume
                viReference[t.stockIndex] = q.viReferencePrice
            }
            let whole = Int(t.time)
            let clock = clocks[whole] ?? QuoteBodies.clock(t.time)
            clocks[whole] = clock
            let sameTime = sameTimeVolume[t.stockIndex] ?? 0
            let vi = viReference[t.stockIndex] ?? 0
            return Trade(code: t.code, time: clock, price: t.price, change: t.change, changeRate: t.changeRate,
                         volume: t.quantity, cumulativeVolume: Int(t.cumulativeVolume), open: t.open, high: t.high, low: t.low,
                         ask: t.bestAsk, bid: t.bestBid,
                         previousDayVolumeRate: sameTime == 0 ? 0 : Double(t.cumulativeVolume) * 100 / Double(sameTime),
                         viReferencePrice: vi > 0 ? vi : nil, session: code, receivedAt: dayStart + t.time)
        }
    }

    /// A book as the gateway's tick: the expected cross only during an auction (`TickMapper.orderBook`).
    static func orderBook(_ b: MarketOrderBook, time: String, at now: Double, expectedPrice: Int? = nil,
                          expectedVolume: Int? = nil) -> OrderBook {
        OrderBook(code: b.code, time: time,
                  asks: b.asks.map { BookLevel(price: $0.price, quantity: Int($0.quantity)) },
                  bids: b.bids.map { BookLevel(price: $0.price, quantity: Int($0.quantity)) },
                  totalAskQuantity: Int(b.totalAskQuantity), totalBidQuantity: Int(b.totalBidQuantity),
                  expectedPrice: expectedPrice, expectedVolume: expectedVolume, source: .websocket, receivedAt: now)
    }
}
