import KIS

/// The wire side of the KRX mechanics: phase codes on the regular TRs, H0STANC0 expected-trade
/// records, H0STMKO0 market-operation notices and the inquire-vi-status rows (protocol.md §5–§6).
enum MechanicsRecords {
    /// `HOUR_CLS_CODE` / `hour_cls_code`: `C` during a VI (or reopening) call, `B` in the opening
    /// call, `A` in the closing call, `0` otherwise (protocol.md §6.7).
    static func hourClass(_ q: MarketQuote) -> String {
        if q.phase.isAuction { return "C" }
        return q.session == .openingAuction ? "B" : q.session == .closingAuction ? "A" : "0"
    }

    /// `MARKET_CLS_CODE`: `3` in the after-market. Regular-session frames keep the documented
    /// 46/59-field layouts (the 47th field's index is UNCERTAIN, protocol.md §6.7), so only the
    /// after-market, which the notice defines by this field, carries it.
    static func marketClass(_ session: MarketSession) -> String? {
        session == .afterMarket ? "3" : nil
    }

    /// `MKOP_CLS_CODE` of H0STMKO0 for a session (110 opening call, 112 open, 121 closing call,
    /// 129 close); the after-market has no documented code and sends it empty.
    static func operationClass(_ session: MarketSession) -> String {
        switch session {
        case .openingAuction: "110"
        case .continuous: "112"
        case .closingAuction: "121"
        case .closed: "129"
        case .afterMarket: ""
        }
    }

    /// `mrkt_warn_cls_code` for a status code: 01 투자주의 (54), 02 투자경고 (53), 03 투자위험 (52).
    static func warningClass(_ status: Int) -> String {
        switch status {
        case 54: "01"
        case 53: "02"
        case 52: "03"
        default: "00"
        }
    }

    /// One H0STMKO0 record (11 fields, protocol.md §6.11). `EXCH_CLS_CODE`'s values are not
    /// documented: it is sent empty.
    static func marketOperation(_ op: MarketOperation) -> RealtimeRecord {
        .raw([op.code, op.isHalted ? "Y" : "N", op.isHalted ? "거래정지" : "(null)", operationClass(op.session), "", "", "",
              String(op.statusCode), op.isVI ? "Y" : "N", "N", ""])
    }

    /// One H0STANC0 record (45 fields: H0STCNT0's first 45, protocol.md §6.11): the expected cross of
    /// a stock in a call auction, with `HOUR_CLS_CODE` B/A/C.
    static func expectedTrade(_ q: MarketQuote, book: MarketOrderBook, date: TradingDate) -> RealtimeRecord {
        let price = q.expectedPrice > 0 ? q.expectedPrice : q.price
        let change = price - q.previousClose
        let record = TradeRecord(
            code: q.code, time: QuoteBodies.clock(q.time), price: price,
            changeSign: RealtimeRecords.sign(price: price, previousClose: q.previousClose, upperLimit: q.upperLimit,
                                             lowerLimit: q.lowerLimit),
            change: change, changeRate: Double(change) * 100 / Double(q.previousClose), weightedAveragePrice: q.averagePrice,
            open: q.open, high: q.high, low: q.low, askPrice: q.bestAsk, bidPrice: q.bestBid,
            volume: Int(q.expectedVolume), cumulativeVolume: Int(q.cumulativeVolume), cumulativeAmount: Int(q.cumulativeAmount),
            sellTradeCount: 0, buyTradeCount: 0, netBuyTradeCount: 0, tradeStrength: 0, sellVolume: Int(q.sellVolume),
            buyVolume: Int(q.buyVolume), tradeSide: "3", buyRatio: 0, volumeRateVersusPreviousDay: 0,
            openTime: QuoteBodies.clock(q.openTime), changeFromOpenSign: ChangeSign(change: price - q.open),
            changeFromOpen: q.open == 0 ? 0 : price - q.open, highTime: QuoteBodies.clock(q.highTime),
            changeFromHighSign: ChangeSign(change: price - q.high), changeFromHigh: q.high == 0 ? 0 : price - q.high,
            lowTime: QuoteBodies.clock(q.lowTime), changeFromLowSign: ChangeSign(change: price - q.low),
            changeFromLow: q.low == 0 ? 0 : price - q.low, businessDate: date.compact,
            marketOperationCode: QuoteBodies.operationCode(q.session, time: q.time), isHalted: false,
            askQuantity: Int(book.asks[0].quantity), bidQuantity: Int(book.bids[0].quantity),
            totalAskQuantity: Int(book.totalAskQuantity), totalBidQuantity: Int(book.totalBidQuantity),
            volumeTurnover: 0, previousDaySameTimeVolume: Int(q.previousDaySameTimeVolume),
            previousDaySameTimeVolumeRate: 0, hourClass: hourClass(q), marketTerminationCode: "",
            viStandardPrice: q.viReferencePrice)
        let payload = DataFrameEncoder().payloadString([.trade(record)])
        return .raw(Array(payload.split(separator: "^", omittingEmptySubsequences: false).prefix(45).map(String.init)))
    }

    /// inquire-vi-status (FHPST01390000) `output` row keys, in documented order. protocol.md names the
    /// TR only; the layout is KIS's own documentation of 변동성완화장치(VI) 현황 [v1_국내주식-055] (the
    /// official open-trading-api samples and their Swift/Python ports agree): 13 fields.
    static let viStatusKeys = [
        "hts_kor_isnm", "mksc_shrn_iscd", "vi_cls_code", "bsop_date", "cntg_vi_hour", "vi_cncl_hour", "vi_kind_code",
        "vi_prc", "vi_stnd_prc", "vi_dprt", "vi_dmc_stnd_prc", "vi_dmc_dprt", "vi_count",
    ]

    /// One inquire-vi-status row: the stock's latest VI today; `vi_cncl_hour` is `000000` while in force.
    static func viStatusRow(code: String, name: String, _ r: VIRecord, date: TradingDate) -> [String: String] {
        func deviation(_ reference: Int) -> String {
            QuoteBodies.rate(reference == 0 ? 0 : Double(r.triggerPrice - reference) * 100 / Double(reference))
        }
        return [
            "hts_kor_isnm": name, "mksc_shrn_iscd": code, "vi_cls_code": r.releaseTime == nil ? "Y" : "N",
            "bsop_date": date.compact, "cntg_vi_hour": QuoteBodies.clock(r.triggerTime),
            "vi_cncl_hour": r.releaseTime.map(QuoteBodies.clock) ?? "000000", "vi_kind_code": String(r.kind.rawValue),
            "vi_prc": String(r.triggerPrice), "vi_stnd_prc": String(r.staticReference),
            "vi_dprt": deviation(r.staticReference), "vi_dmc_stnd_prc": String(r.dynamicReference),
            "vi_dmc_dprt": deviation(r.dynamicReference), "vi_count": String(r.count),
        ]
    }
}

/// inquire-vi-status's envelope: `output` is an array of rows (the KIS samples build a DataFrame from it).
struct VIStatusBody: Encodable {
    var output: [[String: String]]
    var rt_cd = "0"
    var msg_cd = "MCA00000"
    var msg1 = "정상처리 되었습니다."
}
