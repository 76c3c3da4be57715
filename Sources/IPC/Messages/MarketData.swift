/// Where a piece of market data came from.
public enum DataSource: String, Codable, Sendable, Equatable {
    case websocket = "ws"
    case rest
}

/// One trade of a stock, from the WebSocket trade feed.
public struct Trade: Codable, Sendable, Equatable {
    public var code: String
    /// KIS trade time of day, `HHMMSS` (KST).
    public var time: String
    public var price: Int
    /// Change against the previous close, signed.
    public var change: Int
    /// Change rate against the previous close, percent.
    public var changeRate: Double
    /// Quantity of this trade.
    public var volume: Int
    public var cumulativeVolume: Int
    public var open: Int
    public var high: Int
    public var low: Int
    public var ask: Int
    public var bid: Int
    /// Cumulative volume as a percentage of the previous day's at the same time, when KIS gives it.
    public var previousDayVolumeRate: Double?
    /// Static VI reference price, when known.
    public var viReferencePrice: Int?
    /// KIS session / market-operation code.
    public var session: String?
    /// When the gateway received the frame: Unix epoch seconds.
    public var receivedAt: Double
    /// KRX trading status (`TradingStatus.swift`); all optional, set after `init`.
    /// KIS change sign: `1` at the upper limit, `2` up, `3` unchanged, `4` at the lower limit, `5` down.
    public var sign: Int? = nil
    /// KIS `HOUR_CLS_CODE`: `0` continuous, `C` VI single-price auction, `A`/`B`/`D` other expected phases.
    public var phase: String? = nil
    /// Whether trading is halted (KIS `TRHT_YN`).
    public var isHalted: Bool? = nil
    /// KIS `MARKET_CLS_CODE` (from 2026-09-14): `1` pre, `2` regular, `3` after-market, `5` closing.
    public var marketClass: String? = nil
    /// Quantities at the best ask and best bid (the queue at a locked limit).
    public var askQuantity: Int? = nil
    public var bidQuantity: Int? = nil

    public init(code: String, time: String, price: Int, change: Int, changeRate: Double, volume: Int,
                cumulativeVolume: Int, open: Int, high: Int, low: Int, ask: Int, bid: Int,
                previousDayVolumeRate: Double? = nil, viReferencePrice: Int? = nil, session: String? = nil,
                receivedAt: Double) {
        self.code = code; self.time = time; self.price = price; self.change = change
        self.changeRate = changeRate; self.volume = volume; self.cumulativeVolume = cumulativeVolume
        self.open = open; self.high = high; self.low = low; self.ask = ask; self.bid = bid
        self.previousDayVolumeRate = previousDayVolumeRate; self.viReferencePrice = viReferencePrice
        self.session = session; self.receivedAt = receivedAt
    }
}

/// One price level of an order book.
public struct BookLevel: Codable, Sendable, Equatable {
    public var price: Int
    public var quantity: Int
    public init(price: Int, quantity: Int) { self.price = price; self.quantity = quantity }
}

/// A 10-level order book snapshot of a stock.
public struct OrderBook: Codable, Sendable, Equatable {
    public var code: String
    public var time: String
    /// Best first.
    public var asks: [BookLevel]
    /// Best first.
    public var bids: [BookLevel]
    public var totalAskQuantity: Int
    public var totalBidQuantity: Int
    /// Expected (auction) price and volume, when in an auction.
    public var expectedPrice: Int?
    public var expectedVolume: Int?
    public var source: DataSource
    public var receivedAt: Double

    public init(code: String, time: String, asks: [BookLevel], bids: [BookLevel], totalAskQuantity: Int,
                totalBidQuantity: Int, expectedPrice: Int? = nil, expectedVolume: Int? = nil,
                source: DataSource = .websocket, receivedAt: Double) {
        self.code = code; self.time = time; self.asks = asks; self.bids = bids
        self.totalAskQuantity = totalAskQuantity; self.totalBidQuantity = totalBidQuantity
        self.expectedPrice = expectedPrice; self.expectedVolume = expectedVolume
        self.source = source; self.receivedAt = receivedAt
    }
}

/// An index value (KOSPI 0001, KOSDAQ 1001, KOSPI200 2001).
public struct IndexTick: Codable, Sendable, Equatable {
    public var code: String
    public var time: String
    public var value: Double
    public var change: Double
    public var changeRate: Double
    public var cumulativeVolume: Int
    public var source: DataSource
    public var receivedAt: Double

    public init(code: String, time: String, value: Double, change: Double, changeRate: Double,
                cumulativeVolume: Int, source: DataSource = .websocket, receivedAt: Double) {
        self.code = code; self.time = time; self.value = value; self.change = change
        self.changeRate = changeRate; self.cumulativeVolume = cumulativeVolume
        self.source = source; self.receivedAt = receivedAt
    }
}

/// A fill or acceptance notice for the account's own order (decrypted execution notice).
public struct ExecutionNoticeTick: Codable, Sendable, Equatable {
    public var code: String
    public var orderNumber: String
    public var side: String
    public var quantity: Int
    public var price: Int
    public var isFill: Bool
    public var time: String
    public var receivedAt: Double

    public init(code: String, orderNumber: String, side: String, quantity: Int, price: Int, isFill: Bool,
                time: String, receivedAt: Double) {
        self.code = code; self.orderNumber = orderNumber; self.side = side; self.quantity = quantity
        self.price = price; self.isFill = isFill; self.time = time; self.receivedAt = receivedAt
    }
}

/// A REST snapshot of a stock's price, from the poller.
public struct Quote: Codable, Sendable, Equatable {
    public var code: String
    public var price: Int
    public var previousClose: Int
    public var change: Int
    public var changeRate: Double
    public var cumulativeVolume: Int
    public var open: Int
    public var high: Int
    public var low: Int
    public var ask: Int?
    public var bid: Int?
    /// Expected price and volume during an auction (KIS `antc_*`).
    public var expectedPrice: Int?
    public var expectedVolume: Int?
    /// Previous day's cumulative volume at the same time of day, when known.
    public var previousDayVolume: Int?
    /// KIS time of the data, `HHMMSS`, when the endpoint gives it.
    public var time: String?
    public var receivedAt: Double
    /// KRX trading status (`TradingStatus.swift`); all optional, set after `init`.
    /// KIS change sign: `1` at the upper limit, `2` up, `3` unchanged, `4` at the lower limit, `5` down.
    public var sign: Int? = nil
    /// KIS hour class (`hour_cls_code`): `0` continuous, `C` VI single-price auction.
    public var phase: String? = nil
    /// Daily price limits, 상한가 / 하한가.
    public var upperLimit: Int? = nil
    public var lowerLimit: Int? = nil
    /// Whether trading is halted (inquire-price `temp_stop_yn`, or status 58 거래정지).
    public var isHalted: Bool? = nil
    /// Whether a VI is in force (inquire-price `vi_cls_code`).
    public var isVIActive: Bool? = nil
    /// Quantities at the best ask and best bid (the queue at a locked limit).
    public var askQuantity: Int? = nil
    public var bidQuantity: Int? = nil

    public init(code: String, price: Int, previousClose: Int, change: Int, changeRate: Double,
                cumulativeVolume: Int, open: Int, high: Int, low: Int, ask: Int? = nil, bid: Int? = nil,
                expectedPrice: Int? = nil, expectedVolume: Int? = nil, previousDayVolume: Int? = nil,
                time: String? = nil, receivedAt: Double) {
        self.code = code; self.price = price; self.previousClose = previousClose; self.change = change
        self.changeRate = changeRate; self.cumulativeVolume = cumulativeVolume; self.open = open
        self.high = high; self.low = low; self.ask = ask; self.bid = bid
        self.expectedPrice = expectedPrice; self.expectedVolume = expectedVolume
        self.previousDayVolume = previousDayVolume; self.time = time; self.receivedAt = receivedAt
    }
}

/// One row of a ranking (volume or fluctuation).
public struct RankingRow: Codable, Sendable, Equatable {
    public var rank: Int
    public var code: String
    public var name: String
    public var price: Int
    public var changeRate: Double
    public var cumulativeVolume: Int

    public init(rank: Int, code: String, name: String, price: Int, changeRate: Double, cumulativeVolume: Int) {
        self.rank = rank; self.code = code; self.name = name; self.price = price
        self.changeRate = changeRate; self.cumulativeVolume = cumulativeVolume
    }
}

/// A ranking result from a discovery call.
public struct Ranking: Codable, Sendable, Equatable {
    /// `"volume"`, `"rise"` or `"fall"`.
    public var kind: String
    public var rows: [RankingRow]
    public var receivedAt: Double

    public init(kind: String, rows: [RankingRow], receivedAt: Double) {
        self.kind = kind; self.rows = rows; self.receivedAt = receivedAt
    }
}
