import IPC

/// One look at a stock's price and volume, the same whether it came from a WebSocket trade or a
/// REST quote: every evaluator reads only this (through `StockState`), so both paths give the same
/// signals for the same data.
public struct MarketObservation: Sendable, Equatable {
    public var code: String
    /// Last price; 0 when there is none yet (before the open).
    public var price: Int
    public var previousClose: Int?
    public var open: Int
    public var high: Int
    public var low: Int
    public var cumulativeVolume: Int
    /// Previous day's cumulative volume at the same time of day, when known.
    public var previousDayVolume: Int?
    /// `cumulativeVolume / previousDayVolume`, when known.
    public var relativeVolume: Double?
    /// Expected opening (auction) price, before the open.
    public var expectedPrice: Int?
    public var source: DataSource
    /// Gateway / poller receive time, Unix epoch seconds.
    public var receivedAt: Double
    /// What the data says about KRX trading status (limits, VI, halt), when it says anything.
    public var status: StatusObservation? = nil

    public init(code: String, price: Int, previousClose: Int?, open: Int, high: Int, low: Int, cumulativeVolume: Int,
                previousDayVolume: Int? = nil, relativeVolume: Double? = nil, expectedPrice: Int? = nil,
                source: DataSource, receivedAt: Double) {
        self.code = code; self.price = price; self.previousClose = previousClose; self.open = open
        self.high = high; self.low = low; self.cumulativeVolume = cumulativeVolume
        self.previousDayVolume = previousDayVolume; self.relativeVolume = relativeVolume
        self.expectedPrice = expectedPrice; self.source = source; self.receivedAt = receivedAt
    }

    /// A WebSocket trade: the previous close is `price − change`; the previous day's volume comes
    /// from KIS's same-time volume rate (percent), when given.
    public init(trade: Trade) {
        let rate = trade.previousDayVolumeRate.flatMap { $0 > 0 ? $0 : nil }
        let previousClose = trade.price - trade.change
        self.init(code: trade.code, price: trade.price, previousClose: previousClose > 0 ? previousClose : nil,
                  open: trade.open, high: trade.high, low: trade.low, cumulativeVolume: trade.cumulativeVolume,
                  previousDayVolume: rate.map { Int((Double(trade.cumulativeVolume) * 100 / $0).rounded()) },
                  relativeVolume: rate.map { $0 / 100 }, expectedPrice: nil, source: .websocket,
                  receivedAt: trade.receivedAt)
        status = StatusObservation(trade: trade)
    }

    /// A REST quote from the poller.
    public init(quote: Quote) {
        let previousDay = quote.previousDayVolume.flatMap { $0 > 0 ? $0 : nil }
        self.init(code: quote.code, price: quote.price, previousClose: quote.previousClose > 0 ? quote.previousClose : nil,
                  open: quote.open, high: quote.high, low: quote.low, cumulativeVolume: quote.cumulativeVolume,
                  previousDayVolume: previousDay,
                  relativeVolume: previousDay.map { Double(quote.cumulativeVolume) / Double($0) },
                  expectedPrice: quote.expectedPrice.flatMap { $0 > 0 ? $0 : nil }, source: .rest,
                  receivedAt: quote.receivedAt)
        status = StatusObservation(quote: quote)
    }
}
