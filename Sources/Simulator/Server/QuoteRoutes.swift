import Foundation
import IPC
import KIS

/// The quote endpoints' bodies: reads the query (names case-insensitive), asks the model, and
/// encodes KIS's envelope. Unknown codes get `rt_cd` 7 (`조회할 자료가 없습니다`), as python-kis
/// expects for "no data"; a bad market division gets `OPSQ2001`.
enum QuoteRoutes {
    static func body(for path: String, query: QueryLookup, model: MarketModel, date: TradingDate) -> [UInt8] {
        switch path {
        case KISEndpoint.inquirePrice.path:
            guard isStockMarket(query) else { return badMarket() }
            guard let q = query["FID_INPUT_ISCD"].flatMap(model.quote) else { return noData() }
            return encode(RESTSingleResponse(output: QuoteBodies.inquirePrice(q, date: date)))
        case KISEndpoint.askingPrice.path:
            guard isStockMarket(query) else { return badMarket() }
            guard let code = query["FID_INPUT_ISCD"], let q = model.quote(code), let book = model.orderBook(code) else { return noData() }
            let (output1, output2) = QuoteBodies.askingPrice(book, q)
            return encode(RESTResponse(output1: output1, output2: output2))
        case KISEndpoint.multiPrice.path:
            let items = MultiPriceQuery(query: query.values).items
            let rows = items.compactMap { item -> MultiPriceRow? in
                guard let q = model.quote(item.code), let book = model.orderBook(item.code) else { return nil }
                return QuoteBodies.multiPriceRow(q, book)
            }
            guard !rows.isEmpty else { return noData() }
            return encode(RESTSingleResponse(output: rows))
        case KISEndpoint.volumeRank.path:
            let rows = ranked(model, query, rateRange: nil, by: volumeKey(query["FID_BLNG_CLS_CODE"]))
            return encode(RESTSingleResponse(output: rows.enumerated().map { QuoteBodies.volumeRankRow($1, rank: $0 + 1) }))
        case KISEndpoint.fluctuation.path:
            let rates = (Double(query["fid_rsfl_rate1"] ?? ""), Double(query["fid_rsfl_rate2"] ?? ""))
            let rateRange = rates.0 == nil && rates.1 == nil ? nil : (rates.0 ?? -100)...(max(rates.0 ?? -100, rates.1 ?? 100))
            let rows = ranked(model, query, rateRange: rateRange, by: fluctuationKey(query["fid_rank_sort_cls_code"]))
            return encode(RESTSingleResponse(output: rows.enumerated().map { QuoteBodies.fluctuationRow($1, rank: $0 + 1, date: date) }))
        case KISEndpoint.indexPrice.path:
            guard let x = query["FID_INPUT_ISCD"].flatMap({ model.indexQuote(code: $0) }) else { return noData() }
            return encode(RESTSingleResponse(output: QuoteBodies.indexPrice(x, date: date)))
        case RESTRouter.viStatusPath:
            // The day's VIs, newest trigger first; FID_INPUT_ISCD narrows to one stock,
            // FID_MRKT_CLS_CODE to K (KOSPI) or Q (KOSDAQ), FID_RANK_SORT_CLS_CODE to a VI kind,
            // FID_DIV_CLS_CODE to rises (1) or falls (2).
            let code = query["FID_INPUT_ISCD"] ?? "", market = query["FID_MRKT_CLS_CODE"] ?? "0"
            let kind = Int(query["FID_RANK_SORT_CLS_CODE"] ?? "") ?? 0, direction = query["FID_DIV_CLS_CODE"] ?? "0"
            let rows = model.viRecords().filter { item in
                guard code.isEmpty || item.code == code else { return false }
                if market == "K" || market == "Q", let listing = model.universe.listing(item.code),
                   (listing.market == .kospi) != (market == "K") { return false }
                if (1...3).contains(kind), item.record.kind.rawValue != kind { return false }
                let rise = item.record.triggerPrice > item.record.dynamicReference
                return direction == "1" ? rise : direction == "2" ? !rise : true
            }.sorted { $0.record.triggerTime > $1.record.triggerTime }
            return encode(VIStatusBody(output: rows.map { MechanicsRecords.viStatusRow(code: $0.code, name: $0.name, $0.record, date: date) }))
        case RESTRouter.searchInfoPath:
            guard let listing = query["PDNO"].flatMap({ model.universe.listing($0) }) else { return noData() }
            return encode(SearchInfoBody(output: Dictionary(uniqueKeysWithValues: QuoteBodies.searchInfo(listing))))
        default:
            return noData()
        }
    }

    /// Ranking key: larger first.
    typealias RankKey = (MarketQuote) -> Double

    /// volume-rank `FID_BLNG_CLS_CODE`: 0 volume, 1 volume increase rate, 2 turnover, 3 traded value, 4 value turnover.
    static func volumeKey(_ code: String?) -> RankKey {
        switch code {
        case "1": { $0.previousDayVolume == 0 ? 0 : Double($0.cumulativeVolume) / Double($0.previousDayVolume) }
        case "2", "4": { $0.listedShares == 0 ? 0 : Double($0.cumulativeVolume) / Double($0.listedShares) }
        case "3": { Double($0.cumulativeAmount) }
        default: { Double($0.cumulativeVolume) }
        }
    }

    /// fluctuation `fid_rank_sort_cls_code`: 0 rise, 1 fall, 2 rise from open, 3 fall from open, 4 range.
    static func fluctuationKey(_ code: String?) -> RankKey {
        func fromOpen(_ q: MarketQuote) -> Double { q.open == 0 ? 0 : Double(q.price - q.open) / Double(q.open) }
        switch code {
        case "1": return { -$0.changeRate }
        case "2": return { fromOpen($0) }
        case "3": return { -fromOpen($0) }
        case "4": return { $0.low == 0 ? 0 : Double($0.high - $0.low) / Double($0.low) }
        default: return { $0.changeRate }
        }
    }

    /// The top 30 by `key` after the market, price-range, minimum-volume and rate-range filters.
    static func ranked(_ model: MarketModel, _ query: QueryLookup, rateRange: ClosedRange<Double>?, by key: RankKey) -> [MarketQuote] {
        let filter = MarketFilter(indexCode: query["FID_INPUT_ISCD"] ?? "0000") ?? .all
        let low = Int(query["FID_INPUT_PRICE_1"] ?? "") ?? 0
        let high = Int(query["FID_INPUT_PRICE_2"] ?? "") ?? 0
        let minimumVolume = Int64(query["FID_VOL_CNT"] ?? "") ?? 0
        var quotes: [(Double, MarketQuote)] = []
        quotes.reserveCapacity(model.universe.count)
        for (i, listing) in model.universe.listings.enumerated() {
            switch filter {
            case .kospi where listing.market != .kospi, .kosdaq where listing.market != .kosdaq,
                 .kospi200 where !listing.isKOSPI200: continue
            default: break
            }
            let q = model.quote(at: i)
            if low > 0, q.price < low { continue }
            if high > 0, q.price > high { continue }
            if q.cumulativeVolume < minimumVolume { continue }
            if let rateRange, !rateRange.contains(q.changeRate) { continue }
            quotes.append((key(q), q))
        }
        quotes.sort { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1.code < $1.1.code) }
        return quotes.prefix(30).map(\.1)
    }

    static func isStockMarket(_ query: QueryLookup) -> Bool {
        ["J", "NX", "UN"].contains(query["FID_COND_MRKT_DIV_CODE"] ?? "J")
    }

    static func noData() -> [UInt8] {
        encode(RESTStatusBody(rtCode: "7", messageCode: "KIOK0560", message: "조회할 자료가 없습니다"))
    }

    static func badMarket() -> [UInt8] {
        encode(RESTStatusBody(rtCode: "1", messageCode: "OPSQ2001", message: "ERROR : INPUT INVALID_CHECK_MRKT_DIV_CODE"))
    }

    static func encode<T: Encodable>(_ value: T) -> [UInt8] {
        (try? FastJSONEncoder().encode(value)) ?? Array("{}".utf8)
    }
}

/// search-info's envelope (its output is not one of the KIS module's records).
struct SearchInfoBody: Encodable {
    var output: [String: String]
    var rt_cd = "0"
    var msg_cd = "MCA00000"
    var msg1 = "정상처리 되었습니다."
}
