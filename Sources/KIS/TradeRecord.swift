/// One trade tick of a stock (KIS realtime TR `H0STCNT0`, 국내주식 실시간체결가).
///
/// Prices and quantities are `Int` (KRW, shares); rates are `Double` percentages as KIS gives
/// them (2 decimals). Times are `HHMMSS` and dates `YYYYMMDD` strings, KST.
public struct TradeRecord: Sendable, Equatable, Hashable, Codable {
    /// Stock code (`005930`; ETNs `Q…`).
    public var code: String
    /// Trade time, `HHMMSS`.
    public var time: String
    /// Trade price.
    public var price: Int
    /// Sign of the change versus the previous close.
    public var changeSign: ChangeSign
    /// Change versus the previous close, signed.
    public var change: Int
    /// Change rate versus the previous close, percent, signed.
    public var changeRate: Double
    /// Volume-weighted average price of the day.
    public var weightedAveragePrice: Double
    /// Day open, high, low.
    public var open: Int
    public var high: Int
    public var low: Int
    /// Best ask and best bid prices.
    public var askPrice: Int
    public var bidPrice: Int
    /// Volume of this trade.
    public var volume: Int
    /// Cumulative volume and traded amount (KRW) of the day.
    public var cumulativeVolume: Int
    public var cumulativeAmount: Int
    /// Counts of seller- and buyer-initiated trades, and their difference.
    public var sellTradeCount: Int
    public var buyTradeCount: Int
    public var netBuyTradeCount: Int
    /// 체결강도: buyer-initiated volume over seller-initiated volume, percent.
    public var tradeStrength: Double
    /// Total seller- and buyer-initiated volume.
    public var sellVolume: Int
    public var buyVolume: Int
    /// Who initiated this trade (`CCLD_DVSN`): `1` buyer, `3` pre-market, `5` seller.
    public var tradeSide: String
    /// Buyer-initiated share, percent.
    public var buyRatio: Double
    /// Cumulative volume versus the previous day's total volume, percent.
    public var volumeRateVersusPreviousDay: Double
    /// Time of the open, and the price's distance from the open (sign + signed difference).
    public var openTime: String
    public var changeFromOpenSign: ChangeSign
    public var changeFromOpen: Int
    /// Time of the high, and the price's distance from the high.
    public var highTime: String
    public var changeFromHighSign: ChangeSign
    public var changeFromHigh: Int
    /// Time of the low, and the price's distance from the low.
    public var lowTime: String
    public var changeFromLowSign: ChangeSign
    public var changeFromLow: Int
    /// Business date, `YYYYMMDD`.
    public var businessDate: String
    /// Session / market-operation code (`NEW_MKOP_CLS_CODE`, e.g. `20` regular continuous).
    public var marketOperationCode: String
    /// Whether trading is halted.
    public var isHalted: Bool
    /// Quantities at the best ask and best bid.
    public var askQuantity: Int
    public var bidQuantity: Int
    /// Total quantities on the ask and bid sides.
    public var totalAskQuantity: Int
    public var totalBidQuantity: Int
    /// Volume turnover, percent.
    public var volumeTurnover: Double
    /// The previous day's cumulative volume at the same time of day.
    public var previousDaySameTimeVolume: Int
    /// Cumulative volume versus that figure, percent.
    public var previousDaySameTimeVolumeRate: Double
    /// `HOUR_CLS_CODE`: `0` continuous, `A`/`B`/`C`/`D` expected-price phases (C = VI).
    public var hourClass: String
    /// `MRKT_TRTM_CLS_CODE` (임의종료구분), usually empty.
    public var marketTerminationCode: String
    /// Static-VI reference price.
    public var viStandardPrice: Int
    /// `MARKET_CLS_CODE` (47th field from 2026-09-14): `1` pre, `2` regular, `3` after, `5` closing.
    /// `nil` when the frame has the 46-field layout; the encoder then writes 46 fields.
    public var marketClass: String?

    /// Creates a record; unspecified figures are zero, as in an auction placeholder.
    public init(
        code: String, time: String, price: Int, changeSign: ChangeSign = .unchanged, change: Int = 0,
        changeRate: Double = 0, weightedAveragePrice: Double = 0, open: Int = 0, high: Int = 0, low: Int = 0,
        askPrice: Int = 0, bidPrice: Int = 0, volume: Int = 0, cumulativeVolume: Int = 0,
        cumulativeAmount: Int = 0, sellTradeCount: Int = 0, buyTradeCount: Int = 0,
        netBuyTradeCount: Int = 0, tradeStrength: Double = 0, sellVolume: Int = 0, buyVolume: Int = 0,
        tradeSide: String = "1", buyRatio: Double = 0, volumeRateVersusPreviousDay: Double = 0,
        openTime: String = "090000", changeFromOpenSign: ChangeSign = .unchanged, changeFromOpen: Int = 0,
        highTime: String = "090000", changeFromHighSign: ChangeSign = .unchanged, changeFromHigh: Int = 0,
        lowTime: String = "090000", changeFromLowSign: ChangeSign = .unchanged, changeFromLow: Int = 0,
        businessDate: String = "", marketOperationCode: String = "20", isHalted: Bool = false,
        askQuantity: Int = 0, bidQuantity: Int = 0, totalAskQuantity: Int = 0, totalBidQuantity: Int = 0,
        volumeTurnover: Double = 0, previousDaySameTimeVolume: Int = 0,
        previousDaySameTimeVolumeRate: Double = 0, hourClass: String = "0",
        marketTerminationCode: String = "", viStandardPrice: Int = 0, marketClass: String? = nil
    ) {
        self.code = code; self.time = time; self.price = price; self.changeSign = changeSign
        self.change = change; self.changeRate = changeRate; self.weightedAveragePrice = weightedAveragePrice
        self.open = open; self.high = high; self.low = low; self.askPrice = askPrice; self.bidPrice = bidPrice
        self.volume = volume; self.cumulativeVolume = cumulativeVolume; self.cumulativeAmount = cumulativeAmount
        self.sellTradeCount = sellTradeCount; self.buyTradeCount = buyTradeCount
        self.netBuyTradeCount = netBuyTradeCount; self.tradeStrength = tradeStrength
        self.sellVolume = sellVolume; self.buyVolume = buyVolume; self.tradeSide = tradeSide
        self.buyRatio = buyRatio; self.volumeRateVersusPreviousDay = volumeRateVersusPreviousDay
        self.openTime = openTime; self.changeFromOpenSign = changeFromOpenSign; self.changeFromOpen = changeFromOpen
        self.highTime = highTime; self.changeFromHighSign = changeFromHighSign; self.changeFromHigh = changeFromHigh
        self.lowTime = lowTime; self.changeFromLowSign = changeFromLowSign; self.changeFromLow = changeFromLow
        self.businessDate = businessDate; self.marketOperationCode = marketOperationCode; self.isHalted = isHalted
        self.askQuantity = askQuantity; self.bidQuantity = bidQuantity
        self.totalAskQuantity = totalAskQuantity; self.totalBidQuantity = totalBidQuantity
        self.volumeTurnover = volumeTurnover; self.previousDaySameTimeVolume = previousDaySameTimeVolume
        self.previousDaySameTimeVolumeRate = previousDaySameTimeVolumeRate; self.hourClass = hourClass
        self.marketTerminationCode = marketTerminationCode; self.viStandardPrice = viStandardPrice
        self.marketClass = marketClass
    }
}
