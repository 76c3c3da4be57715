import IPC

/// What the allocator knows of one stock's market: the freshest values whatever their source
/// (REST quotes, WebSocket trades, rankings, signals), and a short price history for momentum.
public struct StockActivity: Sendable, Equatable {
    /// A price at a market time.
    public struct Sample: Sendable, Equatable {
        public var time: Double
        public var price: Int
    }

    public var previousClose = 0
    public var price = 0
    /// Change against the previous close, percent.
    public var changeRate = 0.0
    /// Gap of the expected (auction) price against the previous close, percent, while in an auction.
    public var expectedGap: Double?
    /// Cumulative volume over the previous day's at the same time (1 = same).
    public var relativeVolume: Double?
    /// Receive time (epoch seconds) of the freshest price data; 0 = never seen.
    public var dataTime = 0.0
    /// Market time when the data arrived.
    public var updatedAt = -Double.infinity
    /// Prices at least `sampleSpacing` apart, the last 16 market minutes.
    public var samples: [Sample] = []
    /// Best ranking strength (1 = top row) and when it was seen (market time).
    public var rankingStrength = 0.0
    public var rankingSeenAt = -Double.infinity
    /// Strength of the last signal (signal units) and when (market time).
    public var signalStrength = 0.0
    public var signalAt = -Double.infinity
    /// Performance score 0–100 set by `score`; `nil` until set.
    public var performance: Double?
    /// Heat score persisted by a previous run, used until fresh data arrives.
    public var persistedScore: Double?

    public init() {}

    public var hasData: Bool { dataTime > 0 || persistedScore != nil || performance != nil }

    static let sampleSpacing = 10.0
    static let historySeconds = 16 * 60.0

    /// Records a price observed at market time `now`, received at `receivedAt` (epoch seconds).
    /// Older data than what is held is ignored except for filling blanks.
    public mutating func observe(price: Int, previousClose: Int?, changeRate: Double, relativeVolume: Double?,
                          expectedGap: Double?, receivedAt: Double, now: Double) {
        guard receivedAt >= dataTime else { return }
        dataTime = receivedAt
        updatedAt = now
        if let previousClose, previousClose > 0 { self.previousClose = previousClose }
        self.changeRate = changeRate
        if let relativeVolume { self.relativeVolume = relativeVolume }
        self.expectedGap = expectedGap
        guard price > 0 else { return }
        self.price = price
        persistedScore = nil
        // One sample per `sampleSpacing`: the newest price overwrites the last sample's.
        if let last = samples.last, now - last.time < Self.sampleSpacing {
            samples[samples.count - 1].price = price
        } else {
            samples.append(Sample(time: now, price: price))
        }
        if let first = samples.first, now - first.time > Self.historySeconds { samples.removeFirst() }
    }

    /// Price change (percent) over the last `seconds` market seconds, 0 without history.
    func momentum(over seconds: Double, now: Double) -> Double {
        guard price > 0, samples.count > 1 else { return 0 }
        var reference: Sample?
        for sample in samples.reversed() {
            reference = sample
            if now - sample.time >= seconds { break }
        }
        guard let reference, reference.price > 0 else { return 0 }
        return Double(price - reference.price) / Double(reference.price) * 100
    }
}

extension StockActivity {
    /// Applies a REST quote; in an auction the expected price gives the gap.
    mutating func apply(_ quote: Quote, inAuction: Bool, now: Double) {
        let relative = quote.previousDayVolume.flatMap { $0 > 0 ? Double(quote.cumulativeVolume) / Double($0) : nil }
        var gap: Double?
        if inAuction, let expected = quote.expectedPrice, expected > 0, quote.previousClose > 0 {
            gap = Double(expected - quote.previousClose) / Double(quote.previousClose) * 100
        }
        observe(price: quote.price, previousClose: quote.previousClose, changeRate: quote.changeRate,
                relativeVolume: relative, expectedGap: gap, receivedAt: quote.receivedAt, now: now)
    }

    /// Applies a WebSocket trade.
    mutating func apply(_ trade: Trade, now: Double) {
        let previousClose = trade.price - trade.change
        observe(price: trade.price, previousClose: previousClose > 0 ? previousClose : nil, changeRate: trade.changeRate,
                relativeVolume: trade.previousDayVolumeRate.map { $0 / 100 }, expectedGap: nil,
                receivedAt: trade.receivedAt, now: now)
    }

    /// Applies an order book's expected (auction) price, when it has one.
    mutating func apply(_ book: OrderBook, now: Double) {
        guard let expected = book.expectedPrice, expected > 0, previousClose > 0, book.receivedAt >= dataTime else { return }
        expectedGap = Double(expected - previousClose) / Double(previousClose) * 100
        dataTime = book.receivedAt
        updatedAt = now
    }
}
