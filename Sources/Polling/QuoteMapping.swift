import IPC
import KIS

/// KIS REST rows → the IPC catalog's domain values. KIS wire names stay in the KIS layer; this is
/// the one place they meet `Quote`, `Ranking` and `OrderBook`.
public enum QuoteMapping {
    /// A multi-price row. Expected (auction) figures are only set during an auction: KIS gives
    /// `intr_antc_cntg_vrss` (expected change) but no expected price, so the expected price is
    /// the base price (`inter2_sdpr`, else the previous close) plus the expected change.
    public static func quote(_ row: MultiPriceRow, isAuction: Bool, receivedAt: Double) -> Quote? {
        guard let code = row.code, !code.isEmpty, let price = row.price else { return nil }
        let change = row.change ?? 0
        let previousClose = row.previousClose ?? row.int("inter2_sdpr") ?? (price - change)
        var expectedPrice: Int?
        var expectedVolume: Int?
        if isAuction, let expectedChange = row.expectedChange {
            expectedPrice = (row.int("inter2_sdpr") ?? previousClose) + expectedChange
            expectedVolume = row.expectedVolume
        }
        return Quote(code: code, price: price, previousClose: previousClose, change: change,
                     changeRate: row.changeRate ?? 0, cumulativeVolume: row.cumulativeVolume ?? 0,
                     open: row.open ?? 0, high: row.high ?? 0, low: row.low ?? 0,
                     ask: row.askPrice, bid: row.bidPrice, expectedPrice: expectedPrice, expectedVolume: expectedVolume,
                     receivedAt: receivedAt)
    }

    /// An inquire-price output (no ask/bid and no expected figures in this TR).
    public static func quote(_ output: InquirePriceOutput, code requested: String, receivedAt: Double) -> Quote? {
        guard let price = output.price else { return nil }
        let change = output.change ?? 0
        return Quote(code: output.code.flatMap { $0.isEmpty ? nil : $0 } ?? requested, price: price,
                     previousClose: output.previousClose ?? (price - change), change: change,
                     changeRate: output.changeRate ?? 0, cumulativeVolume: output.cumulativeVolume ?? 0,
                     open: output.open ?? 0, high: output.high ?? 0, low: output.low ?? 0, receivedAt: receivedAt)
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
