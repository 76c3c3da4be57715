/// A stock's state at one market time, everything a REST quote needs (protocol.md §5.1–5.5).
public struct MarketQuote: Sendable, Equatable {
    public var code: String
    public var name: String
    public var market: Market
    public var sector: Sector
    public var isKOSPI200: Bool
    /// Market seconds since midnight KST of this snapshot.
    public var time: Double
    public var session: MarketSession
    /// Last trade price (the previous close before the open).
    public var price: Int
    public var previousClose: Int
    /// 0 until the opening cross.
    public var open: Int
    public var high: Int
    public var low: Int
    public var openTime: Double
    public var highTime: Double
    public var lowTime: Double
    public var cumulativeVolume: Int64
    /// Traded value in KRW.
    public var cumulativeAmount: Int64
    public var buyVolume: Int64
    public var sellVolume: Int64
    /// Best ask and bid (0 when that side is empty at a limit).
    public var bestAsk: Int
    public var bestBid: Int
    public var upperLimit: Int
    public var lowerLimit: Int
    public var tickSize: Int
    /// Expected cross price and volume during an auction, 0 otherwise.
    public var expectedPrice: Int
    public var expectedVolume: Int64
    public var listedShares: Int64
    public var averageDailyVolume: Int64
    public var previousDayVolume: Int64
    /// Volume the stock had done by this time of day yesterday.
    public var previousDaySameTimeVolume: Int64
    /// Static-VI reference price (the previous close before the open, the open afterwards).
    public var viReferencePrice: Int
    /// The stock's own phase (VI or reopening call, halt) on top of the session.
    public var phase: TradingPhase = .normal
    /// The VI in force, if any.
    public var viKind: VIKind? = nil
    /// `iscd_stat_cls_code`: 55 normal, 51–59 warnings, 58 halted.
    public var statusCode: Int = 55
    /// +1 locked at the upper limit, −1 at the lower, 0 not locked.
    public var limitLock: Int = 0

    /// Whether the stock is in a VI call auction now.
    public var isVI: Bool { phase == .viAuction }
    /// Whether trading in the stock is halted now.
    public var isHalted: Bool { phase == .halted }
    /// Whether the stock is in a call auction now (the session's, or its own); a halted stock is in none.
    public var isAuction: Bool { !isHalted && (session.isAuction || phase.isAuction) }

    /// Price minus previous close.
    public var change: Int { price - previousClose }
    /// Change in percent of the previous close.
    public var changeRate: Double { Double(change) * 100 / Double(previousClose) }
    /// Expected price minus previous close (auctions only).
    public var expectedChange: Int { expectedPrice == 0 ? 0 : expectedPrice - previousClose }
    /// Expected change in percent (auctions only).
    public var expectedChangeRate: Double { Double(expectedChange) * 100 / Double(previousClose) }
    /// Today's volume relative to yesterday's volume at the same time (1 = a normal day).
    public var relativeVolume: Double {
        previousDaySameTimeVolume == 0 ? 0 : Double(cumulativeVolume) / Double(previousDaySameTimeVolume)
    }
    /// Volume-weighted average price.
    public var averagePrice: Double { cumulativeVolume == 0 ? 0 : Double(cumulativeAmount) / Double(cumulativeVolume) }
    /// KIS sign code: 1 upper limit, 2 up, 3 unchanged, 4 lower limit, 5 down.
    public var signCode: Int {
        if price >= upperLimit { return 1 }
        if price <= lowerLimit { return 4 }
        return price > previousClose ? 2 : price < previousClose ? 5 : 3
    }
}

/// One price level of an order book.
public struct MarketBookLevel: Sendable, Equatable {
    /// 0 when the level lies beyond the daily limit.
    public var price: Int
    public var quantity: Int64
}

/// A 10-level order book around the current price (asks ascending from the best, bids descending).
public struct MarketOrderBook: Sendable, Equatable {
    public var code: String
    public var time: Double
    public var asks: [MarketBookLevel]
    public var bids: [MarketBookLevel]
    public var totalAskQuantity: Int64 { asks.reduce(0) { $0 + $1.quantity } }
    public var totalBidQuantity: Int64 { bids.reduce(0) { $0 + $1.quantity } }
}
