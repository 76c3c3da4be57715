import KIS

/// Maps market snapshots to the realtime records KIS sends (protocol.md §6.7–6.10), in plain
/// names on the market side and KIS's layouts on the wire side.
enum RealtimeRecords {
    /// The KIS sign of `price` against the previous close, limits included.
    static func sign(price: Int, previousClose: Int, upperLimit: Int, lowerLimit: Int) -> ChangeSign {
        if price >= upperLimit { return .upperLimit }
        if price <= lowerLimit { return .lowerLimit }
        return ChangeSign(change: price - previousClose)
    }

    /// One H0STCNT0 record (46 fields) for a trade; `q` and `book` are the stock's state at the end
    /// of the slice the trade belongs to (times of the day's extremes, resting quantities).
    static func trade(_ t: MarketTrade, quote q: MarketQuote, book: MarketOrderBook, date: TradingDate) -> TradeRecord {
        // krx-rules.md, price limits: a locked stock pins at the limit with the queue (잔량) on the bid
        // (상한가; on the ask at 하한가) and nothing beyond it, so a print at the limit while locked shows
        // that book (the quote's and H0STASP0's), not the tick next to the limit a free print leaves.
        let lockLimit = q.limitLock > 0 ? q.upperLimit : q.limitLock < 0 ? q.lowerLimit : nil
        let isIntoLock = lockLimit == t.price
        let rate = t.previousClose == 0 ? 0 : Double(t.change) * 100 / Double(t.previousClose)
        let volume = Double(t.cumulativeVolume)
        let side: String = switch t.side { case .buy: "1"; case .sell: "5"; case .auction: "3" }
        let sameTime = q.previousDaySameTimeVolume
        return TradeRecord(
            code: t.code, time: QuoteBodies.clock(t.time), price: t.price,
            changeSign: sign(price: t.price, previousClose: t.previousClose, upperLimit: q.upperLimit, lowerLimit: q.lowerLimit),
            change: t.change, changeRate: rate, weightedAveragePrice: t.averagePrice, open: t.open, high: t.high,
            low: t.low, askPrice: isIntoLock ? q.bestAsk : t.bestAsk, bidPrice: isIntoLock ? q.bestBid : t.bestBid, volume: t.quantity,
            cumulativeVolume: Int(t.cumulativeVolume), cumulativeAmount: Int(t.cumulativeAmount),
            sellTradeCount: Int(t.sellCount), buyTradeCount: Int(t.buyCount),
            netBuyTradeCount: Int(t.buyCount) - Int(t.sellCount), tradeStrength: t.strength,
            sellVolume: Int(t.sellVolume), buyVolume: Int(t.buyVolume), tradeSide: side,
            buyRatio: volume == 0 ? 0 : Double(t.buyVolume) * 100 / volume,
            volumeRateVersusPreviousDay: q.previousDayVolume == 0 ? 0 : volume * 100 / Double(q.previousDayVolume),
            openTime: QuoteBodies.clock(q.openTime), changeFromOpenSign: ChangeSign(change: t.price - t.open),
            changeFromOpen: t.price - t.open, highTime: QuoteBodies.clock(q.highTime),
            changeFromHighSign: ChangeSign(change: t.price - t.high), changeFromHigh: t.price - t.high,
            lowTime: QuoteBodies.clock(q.lowTime), changeFromLowSign: ChangeSign(change: t.price - t.low),
            changeFromLow: t.price - t.low, businessDate: date.compact,
            marketOperationCode: q.session == .afterMarket ? "30" : "20", isHalted: false,
            askQuantity: Int(book.asks[0].quantity), bidQuantity: Int(book.bids[0].quantity),
            totalAskQuantity: Int(book.totalAskQuantity), totalBidQuantity: Int(book.totalBidQuantity),
            volumeTurnover: q.listedShares == 0 ? 0 : volume * 100 / Double(q.listedShares),
            previousDaySameTimeVolume: Int(sameTime),
            previousDaySameTimeVolumeRate: sameTime == 0 ? 0 : volume * 100 / Double(sameTime),
            hourClass: "0", marketTerminationCode: "", viStandardPrice: q.viReferencePrice,
            marketClass: MechanicsRecords.marketClass(q.session))
    }

    /// One H0STASP0 record (59 fields): the book, and the expected trade during auctions.
    static func orderBook(_ b: MarketOrderBook, quote q: MarketQuote) -> OrderBookRecord {
        return OrderBookRecord(
            code: b.code, time: QuoteBodies.clock(b.time), hourClass: MechanicsRecords.hourClass(q),
            asks: b.asks.map { OrderBookLevel(price: $0.price, quantity: Int($0.quantity)) },
            bids: b.bids.map { OrderBookLevel(price: $0.price, quantity: Int($0.quantity)) },
            totalAskQuantity: Int(b.totalAskQuantity), totalBidQuantity: Int(b.totalBidQuantity),
            expectedPrice: q.expectedPrice, expectedQuantity: Int(q.expectedVolume), expectedVolume: Int(q.expectedVolume),
            expectedChange: q.expectedChange,
            expectedChangeSign: q.expectedPrice == 0 ? .unchanged : ChangeSign(change: q.expectedChange),
            expectedChangeRate: q.expectedChangeRate, cumulativeVolume: Int(q.cumulativeVolume),
            // The after-market's 63-field layout: MID_PRC, MIDP_TOTAL_RSQN, MIDP_CLS_CODE, MARKET_CLS_CODE.
            extraFields: MechanicsRecords.marketClass(q.session).map { ["0", "0", "0", $0] } ?? [])
    }

    /// One H0UPCNT0 record (30 fields); `tickVolume` is the volume since the previous record.
    static func index(_ x: IndexQuote, tickVolume: Int64, tickAmount: Int64) -> IndexRecord {
        func sign(_ a: Double, _ b: Double) -> ChangeSign { a > b ? .rise : a < b ? .fall : .unchanged }
        let close = x.previousClose
        return IndexRecord(
            indexCode: x.code, time: QuoteBodies.clock(x.time), value: x.value, changeSign: sign(x.value, close),
            change: abs(x.change), cumulativeVolume: Int(x.cumulativeVolume / 1000),
            cumulativeAmount: Int(x.cumulativeAmount / 1_000_000), tickVolume: Int(tickVolume / 1000),
            tickAmount: Int(tickAmount / 1_000_000), changeRate: x.changeRate, open: x.open, high: x.high, low: x.low,
            changeFromOpen: abs(x.value - x.open), changeFromOpenSign: sign(x.value, x.open),
            changeFromHigh: abs(x.value - x.high), changeFromHighSign: sign(x.value, x.high),
            changeFromLow: abs(x.value - x.low), changeFromLowSign: sign(x.value, x.low),
            openRateVersusPreviousClose: (x.open / close - 1) * 100, highRateVersusPreviousClose: (x.high / close - 1) * 100,
            lowRateVersusPreviousClose: (x.low / close - 1) * 100, upperLimitCount: x.upperLimitCount,
            risingCount: x.advancing, unchangedCount: x.unchanged, fallingCount: x.declining,
            lowerLimitCount: x.lowerLimitCount)
    }

    /// A synthetic execution notice for HTS id `htsID`: alternately an order acceptance and its fill
    /// (the simulator has no orders; the stream exists so clients can prove their decryption).
    static func notice(htsID: String, sequence: Int, quote q: MarketQuote) -> ExecutionNotice {
        let isFill = sequence % 2 == 1
        let order = String(format: "%010d", 1000 + sequence / 2)
        return ExecutionNotice(customerID: htsID, accountNumber: "1234567801", orderNumber: order, side: "02",
                               code: q.code, quantity: isFill ? 1 : 1, price: isFill ? q.price : 0,
                               time: QuoteBodies.clock(q.time), noticeKind: isFill ? "2" : "1", orderQuantity: 1,
                               orderPrice: q.price, stockName: q.name)
    }
}
