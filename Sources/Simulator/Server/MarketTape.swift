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
            playSecond(second, body, operations: { operation, _ in operations(operation) })
            second += 1
        }
    }

    /// A market-operation notice with what a client with unlimited KIS access learns with it: for a
    /// VI trigger or release, the stock's row of inquire-vi-status (FHPST01390000) as the poller maps
    /// it (`Polling.QuoteMapping.viStatus`: the static reference for a static VI, else the dynamic one).
    public struct Notice: Sendable {
        public var operation: MarketOperation
        public var vi: VIEvent?
        /// `TRHT_YN` after a halt or a resumption notice; nil for a VI notice.
        public var halted: Bool? {
            operation.kind == .halt || operation.kind == .resume ? operation.kind == .halt : nil
        }
    }

    /// Plays like `play(to:_:operations:)`, each notice with its VI list row (the reference detector's feed).
    public mutating func play(to end: Double, _ body: (Message) -> Void, notices: (Notice) -> Void) {
        while second <= end {
            playSecond(second, body, operations: { operation, model in
                var vi: VIEvent?
                if operation.kind == .viTrigger || operation.kind == .viRelease,
                   let record = model.viRecords(of: operation.code), let name = model.quote(operation.code)?.name {
                    vi = Self.viEvent(code: operation.code, name: name, record)
                }
                notices(Notice(operation: operation, vi: vi))
            })
            second += 1
        }
    }

    /// One VI list row as the poller maps it (`vi_kind_code` 2 dynamic, else static; 3 reads as both).
    static func viEvent(code: String, name: String, _ r: VIRecord) -> VIEvent {
        let isStatic = r.kind != .dynamic && r.staticReference > 0
        let reference = isStatic ? r.staticReference : r.dynamicReference
        return VIEvent(code: code, name: name, isActive: r.releaseTime == nil,
                       kind: isStatic ? (r.kind == .both ? "both" : "static") : "dynamic",
                       triggerTime: QuoteBodies.clock(r.triggerTime), releaseTime: r.releaseTime.map(QuoteBodies.clock),
                       triggerPrice: r.triggerPrice, referencePrice: reference,
                       deviationPercent: reference == 0 ? 0 : Double(r.triggerPrice - reference) * 100 / Double(reference),
                       count: r.count)
    }

    private mutating func playSecond(_ second: Double, _ body: (Message) -> Void, operations: (MarketOperation, MarketModel) -> Void) {
        trades.removeAll(keepingCapacity: true)
        model.advance(to: second, into: &trades)
        let model = self.model
        let notices = model.operations
        if operationCursor < notices.count {
            for op in notices[operationCursor...] { operations(op, model) }
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
            // The day's limits, as every multi-price row carries them (`inter2_mxpr`, `inter2_llam`).
            quotes[quotes.count - 1].upperLimit = q.upperLimit
            quotes[quotes.count - 1].lowerLimit = q.lowerLimit
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
        var limits: [Int32: (upper: Int, lower: Int, previousClose: Int)] = [:]
        // A locked stock's book as the second ends: the queue at the limit, no other side.
        var locked: [Int32: (ask: Int, bid: Int, askQuantity: Int, bidQuantity: Int)] = [:]
        return trades.map { t in
            if sameTimeVolume[t.stockIndex] == nil {
                let q = model.quote(at: Int(t.stockIndex))
                sameTimeVolume[t.stockIndex] = q.previousDaySameTimeVolume
                viReference[t.stockIndex] = q.viReferencePrice
                limits[t.stockIndex] = (q.upperLimit, q.lowerLimit, q.previousClose)
                if q.limitLock != 0, let book = model.orderBook(q.code) {
                    locked[t.stockIndex] = (q.bestAsk, q.bestBid, Int(book.asks[0].quantity), Int(book.bids[0].quantity))
                }
            }
            let whole = Int(t.time)
            let clock = clocks[whole] ?? QuoteBodies.clock(t.time)
            clocks[whole] = clock
            let sameTime = sameTimeVolume[t.stockIndex] ?? 0
            let vi = viReference[t.stockIndex] ?? 0
            var trade = Trade(code: t.code, time: clock, price: t.price, change: t.change, changeRate: t.changeRate,
                              volume: t.quantity, cumulativeVolume: Int(t.cumulativeVolume), open: t.open, high: t.high, low: t.low,
                              ask: t.bestAsk, bid: t.bestBid,
                              previousDayVolumeRate: sameTime == 0 ? 0 : Double(t.cumulativeVolume) * 100 / Double(sameTime),
                              viReferencePrice: vi > 0 ? vi : nil, session: code, receivedAt: dayStart + t.time)
            // H0STCNT0's status fields, as the gateway maps them: the sign (1/4 at the limits), a print
            // is continuous trading (`HOUR_CLS_CODE` 0), not halted (`TRHT_YN` N).
            if let l = limits[t.stockIndex] {
                trade.sign = RealtimeRecords.sign(price: t.price, previousClose: l.previousClose, upperLimit: l.upper,
                                                  lowerLimit: l.lower).rawValue
            }
            trade.phase = "0"
            trade.isHalted = false
            // A print into a lock shows the locked book (the queue at the limit), as every second's book does.
            if let book = locked[t.stockIndex] {
                trade.ask = book.ask; trade.bid = book.bid
                trade.askQuantity = book.askQuantity; trade.bidQuantity = book.bidQuantity
            }
            return trade
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
