/// Who initiated a trade: a buyer lifting the ask, a seller hitting the bid, or an auction cross.
public enum TradeSide: UInt8, Sendable {
    /// Buyer-initiated (KIS `CCLD_DVSN` 1).
    case buy
    /// Seller-initiated (KIS `CCLD_DVSN` 5).
    case sell
    /// The opening or closing single-price cross (KIS `CCLD_DVSN` 3 for the opening).
    case auction
}

/// One trade of a watched stock, with the running state a real-time trade frame carries.
///
/// Fields mirror what an H0STCNT0 record needs (protocol.md §6.7) in plain names; the KIS layer maps
/// them. Cumulative figures include this trade.
public struct MarketTrade: Sendable, Equatable {
    /// Index of the stock in the universe.
    public var stockIndex: Int32
    public var code: String
    /// Market seconds since midnight KST.
    public var time: Double
    public var price: Int
    public var quantity: Int
    public var side: TradeSide
    public var previousClose: Int
    public var open: Int
    public var high: Int
    public var low: Int
    /// Best ask and bid right after the trade (0 when that side is empty at a limit).
    public var bestAsk: Int
    public var bestBid: Int
    public var cumulativeVolume: Int64
    /// Cumulative traded value in KRW.
    public var cumulativeAmount: Int64
    /// Cumulative buyer- and seller-initiated volume and trade counts (for 체결강도).
    public var buyVolume: Int64
    public var sellVolume: Int64
    public var buyCount: Int32
    public var sellCount: Int32

    /// Price minus previous close.
    public var change: Int { price - previousClose }
    /// Change in percent of the previous close.
    public var changeRate: Double { previousClose == 0 ? 0 : Double(change) * 100 / Double(previousClose) }
    /// Volume-weighted average price so far.
    public var averagePrice: Double { cumulativeVolume == 0 ? 0 : Double(cumulativeAmount) / Double(cumulativeVolume) }
    /// 체결강도: buyer-initiated over seller-initiated volume, in percent.
    public var strength: Double { sellVolume == 0 ? 0 : Double(buyVolume) * 100 / Double(sellVolume) }
}
