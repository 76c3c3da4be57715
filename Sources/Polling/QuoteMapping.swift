import IPC
import KIS

/// KIS REST rows → the IPC catalog's domain values. KIS wire names stay in the KIS layer; this is
/// the one place they meet `Quote`, `Ranking` and `OrderBook`.
public enum QuoteMapping {
    /// A multi-price row. Expected (auction) figures are only set during an auction: KIS gives
    /// `intr_antc_cntg_vrss` (expected change) but no expected price, so the expected price is
    /// the base price (`inter2_sdpr`, else the previous close) plus the expected change.
    /// - Parameter time: the time of the data, `HHMMSS` KST (``dataTime(serverDate:)``); the row has none of its own.
    public static func quote(_ row: MultiPriceRow, isAuction: Bool, time: String? = nil, receivedAt: Double) -> Quote? {
        guard let code = row.code, !code.isEmpty, let price = row.price else { return nil }
        let change = row.change ?? 0
        let previousClose = row.previousClose ?? row.int("inter2_sdpr") ?? (price - change)
        var expectedPrice: Int?
        var expectedVolume: Int?
        if isAuction, let expectedChange = row.expectedChange {
            expectedPrice = (row.int("inter2_sdpr") ?? previousClose) + expectedChange
            expectedVolume = row.expectedVolume
        }
        var quote = Quote(code: code, price: price, previousClose: previousClose, change: change,
                          changeRate: row.changeRate ?? 0, cumulativeVolume: row.cumulativeVolume ?? 0,
                          open: row.open ?? 0, high: row.high ?? 0, low: row.low ?? 0,
                          ask: row.askPrice, bid: row.bidPrice, expectedPrice: expectedPrice, expectedVolume: expectedVolume,
                          time: time, receivedAt: receivedAt)
        // KRX status: the limits, the limit sign, the phase (`C`: a VI auction), the best-level queues.
        quote.sign = row.changeSign?.rawValue
        quote.phase = row.hourClass.flatMap { $0.isEmpty ? nil : $0 }
        quote.upperLimit = row.upperLimit.flatMap { $0 > 0 ? $0 : nil }
        quote.lowerLimit = row.lowerLimit.flatMap { $0 > 0 ? $0 : nil }
        quote.askQuantity = row.askQuantity
        quote.bidQuantity = row.bidQuantity
        return quote
    }

    /// A quote's time of data from its answer's HTTP `Date` (the quote TRs carry none in the body):
    /// `HHMMSS` KST, or nil without a `Date`. The signal engine believes it only near arrival (`DataTime`).
    public static func dataTime(serverDate: Double?) -> String? {
        serverDate.map { MarketClock.clockString($0).replacingOccurrences(of: ":", with: "") }
    }

    /// An inquire-price output (no ask/bid and no expected figures in this TR).
    public static func quote(_ output: InquirePriceOutput, code requested: String, receivedAt: Double) -> Quote? {
        guard let price = output.price else { return nil }
        let change = output.change ?? 0
        var quote = Quote(code: output.code.flatMap { $0.isEmpty ? nil : $0 } ?? requested, price: price,
                          previousClose: output.previousClose ?? (price - change), change: change,
                          changeRate: output.changeRate ?? 0, cumulativeVolume: output.cumulativeVolume ?? 0,
                          open: output.open ?? 0, high: output.high ?? 0, low: output.low ?? 0, receivedAt: receivedAt)
        quote.sign = output.changeSign?.rawValue
        quote.upperLimit = output.upperLimit.flatMap { $0 > 0 ? $0 : nil }
        quote.lowerLimit = output.lowerLimit.flatMap { $0 > 0 ? $0 : nil }
        // protocol.md §5.1: `temp_stop_yn`, or status 58 거래정지.
        if output.fields["temp_stop_yn"] != nil || output.statusClass != nil {
            quote.isHalted = output.isHalted || output.statusClass == "58"
        }
        if let vi = output.viClass, !vi.isEmpty { quote.isVIActive = vi == "Y" }
        return quote
    }

    /// The whole-market VI list: one event per row with a code and a trigger time. The reference is
    /// the static one for a static VI, else the dynamic one; `vi_kind_code` 3 (both) reads as static.
    public static func viStatus(_ rows: [VIStatusRow], receivedAt: Double) -> VIStatus {
        VIStatus(events: rows.compactMap { row in
            guard let code = row.code, !code.isEmpty, let triggerTime = row.triggerTime, !triggerTime.isEmpty else { return nil }
            let staticReference = row.staticReferencePrice ?? 0
            let isStatic = row.kindCode != "2" && staticReference > 0
            let release = row.releaseTime.flatMap { $0.isEmpty || Int($0) == 0 ? nil : $0 }
            return VIEvent(code: code, name: row.name ?? "", isActive: row.isActive,
                           kind: isStatic ? (row.kindCode == "3" ? "both" : "static") : "dynamic",
                           triggerTime: triggerTime, releaseTime: row.isActive ? nil : release,
                           triggerPrice: row.triggerPrice ?? 0,
                           referencePrice: isStatic ? staticReference : (row.dynamicReferencePrice ?? 0),
                           deviationPercent: (isStatic ? row.staticDeviation : row.dynamicDeviation) ?? 0,
                           count: row.count ?? 0)
        }, receivedAt: receivedAt)
    }

    /// An asking-price snapshot as a REST order book (expected price when KIS gives one).
    public static func orderBook(_ book: AskingPriceBook, expected: ExpectedTrade?, code: String, receivedAt: Double) -> OrderBook {
        let levels: ([OrderBookLevel]) -> [BookLevel] = { $0.map { BookLevel(price: $0.price, quantity: $0.quantity) } }
        let expectedPrice = expected?.expectedPrice.flatMap { $0 > 0 ? $0 : nil }
        return OrderBook(code: code, time: book.time ?? "", asks: levels(book.asks), bids: levels(book.bids),
                         totalAskQuantity: book.totalAskQuantity ?? 0, totalBidQuantity: book.totalBidQuantity ?? 0,
                         expectedPrice: expectedPrice, expectedVolume: expectedPrice == nil ? nil : expected?.expectedVolume,
                         source: .rest, receivedAt: receivedAt)
    }

    /// A volume-rank result.
    public static func ranking(_ rows: [VolumeRankRow], receivedAt: Double) -> Ranking {
        Ranking(kind: RankingKind.volume.rawValue, rows: rows.enumerated().compactMap { index, row in
            guard let code = row.code else { return nil }
            return RankingRow(rank: row.rank ?? index + 1, code: code, name: row.name ?? "", price: row.price ?? 0,
                              changeRate: row.changeRate ?? 0, cumulativeVolume: row.cumulativeVolume ?? 0)
        }, receivedAt: receivedAt)
    }

    /// A fluctuation (rise or fall) result.
    public static func ranking(_ rows: [FluctuationRow], kind: RankingKind, receivedAt: Double) -> Ranking {
        Ranking(kind: kind.rawValue, rows: rows.enumerated().compactMap { index, row in
            guard let code = row.code else { return nil }
            return RankingRow(rank: row.rank ?? index + 1, code: code, name: row.name ?? "", price: row.price ?? 0,
                              changeRate: row.changeRate ?? 0, cumulativeVolume: row.cumulativeVolume ?? 0)
        }, receivedAt: receivedAt)
    }

    /// A sector index value.
    public static func index(_ output: IndexPriceOutput, code: String, time: String, receivedAt: Double) -> IndexTick? {
        guard let value = output.value else { return nil }
        return IndexTick(code: code, time: time, value: value, change: output.change ?? 0, changeRate: output.changeRate ?? 0,
                         cumulativeVolume: output.cumulativeVolume ?? 0, source: .rest, receivedAt: receivedAt)
    }
}
