/// One price level of an order book: a price and the quantity resting there.
public struct OrderBookLevel: Sendable, Equatable, Hashable, Codable {
    /// Price in KRW (0 for an empty level).
    public var price: Int
    /// Resting quantity.
    public var quantity: Int

    /// Creates a level.
    public init(price: Int, quantity: Int) {
        self.price = price
        self.quantity = quantity
    }
}

/// A 10-level order book snapshot of a stock (KIS realtime TR `H0STASP0`, 국내주식 실시간호가),
/// with the expected-trade block that is filled during auctions.
public struct OrderBookRecord: Sendable, Equatable, Hashable, Codable {
    /// Stock code.
    public var code: String
    /// Quote time, `HHMMSS`.
    public var time: String
    /// `HOUR_CLS_CODE`: `0` continuous, `A`/`B`/`C`/`D` expected-price phases.
    public var hourClass: String
    /// Ask levels, best (lowest) first; always 10 when parsed.
    public var asks: [OrderBookLevel]
    /// Bid levels, best (highest) first; always 10 when parsed.
    public var bids: [OrderBookLevel]
    /// Total ask and bid quantities.
    public var totalAskQuantity: Int
    public var totalBidQuantity: Int
    /// Total after-hours ask and bid quantities.
    public var overtimeTotalAskQuantity: Int
    public var overtimeTotalBidQuantity: Int
    /// Expected (auction) price, quantity and volume (`ANTC_*`; placeholders outside auctions).
    public var expectedPrice: Int
    public var expectedQuantity: Int
    public var expectedVolume: Int
    /// Expected change versus the previous close: signed change, sign, rate.
    public var expectedChange: Int
    public var expectedChangeSign: ChangeSign
    public var expectedChangeRate: Double
    /// Cumulative volume of the day.
    public var cumulativeVolume: Int
    /// Changes of the total ask/bid quantities, and of the after-hours totals.
    public var totalAskQuantityChange: Int
    public var totalBidQuantityChange: Int
    public var overtimeTotalAskQuantityChange: Int
    public var overtimeTotalBidQuantityChange: Int
    /// `STCK_DEAL_CLS_CODE`, documented as unused ("삭제된 값").
    public var dealClassCode: String
    /// Fields after the 59th, kept verbatim (`MID_PRC`, `MIDP_TOTAL_RSQN`, `MIDP_CLS_CODE`,
    /// `MARKET_CLS_CODE` in the 62/63-field layouts; the order is UNCERTAIN, see protocol.md §6.8).
    public var extraFields: [String]

    /// Best ask, if the book has a non-zero one.
    public var bestAsk: OrderBookLevel? { asks.first.flatMap { $0.price > 0 ? $0 : nil } }
    /// Best bid, if the book has a non-zero one.
    public var bestBid: OrderBookLevel? { bids.first.flatMap { $0.price > 0 ? $0 : nil } }

    /// Creates a book; missing levels are written as zero levels by the encoder.
    public init(
        code: String, time: String, hourClass: String = "0", asks: [OrderBookLevel], bids: [OrderBookLevel],
        totalAskQuantity: Int = 0, totalBidQuantity: Int = 0, overtimeTotalAskQuantity: Int = 0,
        overtimeTotalBidQuantity: Int = 0, expectedPrice: Int = 0, expectedQuantity: Int = 0,
        expectedVolume: Int = 0, expectedChange: Int = 0, expectedChangeSign: ChangeSign = .unchanged,
        expectedChangeRate: Double = 0, cumulativeVolume: Int = 0, totalAskQuantityChange: Int = 0,
        totalBidQuantityChange: Int = 0, overtimeTotalAskQuantityChange: Int = 0,
        overtimeTotalBidQuantityChange: Int = 0, dealClassCode: String = "0", extraFields: [String] = []
    ) {
        self.code = code; self.time = time; self.hourClass = hourClass; self.asks = asks; self.bids = bids
        self.totalAskQuantity = totalAskQuantity; self.totalBidQuantity = totalBidQuantity
        self.overtimeTotalAskQuantity = overtimeTotalAskQuantity
        self.overtimeTotalBidQuantity = overtimeTotalBidQuantity
        self.expectedPrice = expectedPrice; self.expectedQuantity = expectedQuantity
        self.expectedVolume = expectedVolume; self.expectedChange = expectedChange
        self.expectedChangeSign = expectedChangeSign; self.expectedChangeRate = expectedChangeRate
        self.cumulativeVolume = cumulativeVolume; self.totalAskQuantityChange = totalAskQuantityChange
        self.totalBidQuantityChange = totalBidQuantityChange
        self.overtimeTotalAskQuantityChange = overtimeTotalAskQuantityChange
        self.overtimeTotalBidQuantityChange = overtimeTotalBidQuantityChange
        self.dealClassCode = dealClassCode; self.extraFields = extraFields
    }
}

extension OrderBookRecord {
    /// Reads one H0STASP0 record of `fieldCount` fields (≥ 59) from the cursor.
    init(reading cursor: inout FieldCursor, fieldCount: Int) throws(FieldError) {
        code = cursor.string()
        time = cursor.string()
        hourClass = cursor.string()
        var askPrices = [Int](repeating: 0, count: 10), bidPrices = askPrices
        for level in 0..<10 { askPrices[level] = try cursor.int() }
        for level in 0..<10 { bidPrices[level] = try cursor.int() }
        var askLevels: [OrderBookLevel] = [], bidLevels: [OrderBookLevel] = []
        askLevels.reserveCapacity(10); bidLevels.reserveCapacity(10)
        for level in 0..<10 { askLevels.append(OrderBookLevel(price: askPrices[level], quantity: try cursor.int())) }
        for level in 0..<10 { bidLevels.append(OrderBookLevel(price: bidPrices[level], quantity: try cursor.int())) }
        asks = askLevels; bids = bidLevels
        totalAskQuantity = try cursor.int(); totalBidQuantity = try cursor.int()
        overtimeTotalAskQuantity = try cursor.int(); overtimeTotalBidQuantity = try cursor.int()
        expectedPrice = try cursor.int(); expectedQuantity = try cursor.int(); expectedVolume = try cursor.int()
        expectedChange = try cursor.int(); expectedChangeSign = try cursor.sign()
        expectedChangeRate = try cursor.double()
        cumulativeVolume = try cursor.int()
        totalAskQuantityChange = try cursor.int(); totalBidQuantityChange = try cursor.int()
        overtimeTotalAskQuantityChange = try cursor.int(); overtimeTotalBidQuantityChange = try cursor.int()
        dealClassCode = cursor.string()
        var extras: [String] = []
        for _ in RealtimeFieldTable.orderBookRequiredCount..<max(fieldCount, RealtimeFieldTable.orderBookRequiredCount) {
            extras.append(cursor.string())
        }
        extraFields = extras
    }

    /// Writes this record's 59 fields plus ``extraFields``; missing levels are written as zeros.
    func write(to writer: inout FieldWriter) {
        writer.string(code); writer.string(time); writer.string(hourClass)
        for level in 0..<10 { writer.int(asks.indices.contains(level) ? asks[level].price : 0) }
        for level in 0..<10 { writer.int(bids.indices.contains(level) ? bids[level].price : 0) }
        for level in 0..<10 { writer.int(asks.indices.contains(level) ? asks[level].quantity : 0) }
        for level in 0..<10 { writer.int(bids.indices.contains(level) ? bids[level].quantity : 0) }
        writer.int(totalAskQuantity); writer.int(totalBidQuantity)
        writer.int(overtimeTotalAskQuantity); writer.int(overtimeTotalBidQuantity)
        writer.int(expectedPrice); writer.int(expectedQuantity); writer.int(expectedVolume)
        writer.int(expectedChange); writer.sign(expectedChangeSign); writer.fixed2(expectedChangeRate)
        writer.int(cumulativeVolume)
        writer.int(totalAskQuantityChange); writer.int(totalBidQuantityChange)
        writer.int(overtimeTotalAskQuantityChange); writer.int(overtimeTotalBidQuantityChange)
        writer.string(dealClassCode)
        for extra in extraFields { writer.string(extra) }
    }
}
