import Foundation
import KIS

/// Builds the REST quote payloads (protocol.md §5) from market snapshots: every documented key is
/// present and every value is a string, signed changes carry `-` only, rates have two decimals.
enum QuoteBodies {
    /// `HHMMSS` of market seconds since midnight.
    static func clock(_ seconds: Double) -> String {
        let s = max(0, Int(seconds))
        return String(format: "%02d%02d%02d", s / 3600 % 24, s / 60 % 60, s % 60)
    }

    /// A decimal with two places, `-` for negatives.
    static func rate(_ value: Double) -> String {
        let text = String(format: "%.2f", value.isFinite ? value : 0)
        return text == "-0.00" ? "0.00" : text
    }

    /// KIS sign code of `value` against `reference` (1 upper limit … 5 down), limits ignored.
    static func sign(_ value: Double, versus reference: Double) -> String {
        value > reference ? "2" : value < reference ? "5" : "3"
    }

    /// A record with every documented key set to `"0"` (then the known values are filled in).
    static func zeroed<Record: RESTRecord>(_ type: Record.Type) -> Record {
        Record(fields: Dictionary(uniqueKeysWithValues: Record.keys.map { ($0, "0") }))
    }

    /// The new-market-operation code (2 chars): `10` before the open, `20` continuous, `31` after.
    static func operationCode(_ session: MarketSession, time: Double) -> String {
        switch session {
        case .openingAuction: "10"
        case .continuous: "20"
        case .closingAuction: "21"
        case .closed: time < KRXRules.openingAuctionStart ? "10" : "31"
        case .afterMarket: "30"
        }
    }

    /// inquire-price `output` (79 keys).
    static func inquirePrice(_ q: MarketQuote, date: TradingDate) -> InquirePriceOutput {
        var o = zeroed(InquirePriceOutput.self)
        let price = q.price
        for (key, value) in [
            ("iscd_stat_cls_code", String(q.statusCode)), ("marg_rate", "20.00"), ("rprs_mrkt_kor_name", q.isKOSPI200 ? "KOSPI200" : q.market.rawValue),
            ("bstp_kor_isnm", q.sector.koreanName), ("temp_stop_yn", q.isHalted ? "Y" : "N"), ("oprc_rang_cont_yn", "N"),
            ("clpr_rang_cont_yn", "N"), ("crdt_able_yn", "Y"), ("grmn_rate_cls_code", "40"), ("elw_pblc_yn", "N"),
            ("stac_month", "12"), ("ssts_yn", "Y"), ("vi_cls_code", q.isVI ? "Y" : "N"),
            ("ovtm_vi_cls_code", q.isVI && q.session == .afterMarket ? "Y" : "N"), ("invt_caful_yn", q.statusCode == 54 ? "Y" : "N"),
            ("mrkt_warn_cls_code", MechanicsRecords.warningClass(q.statusCode)), ("short_over_yn", q.statusCode == 59 ? "Y" : "N"),
            ("sltr_yn", "N"), ("mang_issu_cls_code", q.statusCode == 51 ? "Y" : "N"), ("apprch_rate", "0.00"), ("new_hgpr_lwpr_cls_code", " "),
            ("stck_fcam", "100"), ("fcam_cnnm", "100"), ("hts_deal_qty_unit_val", "1"),
        ] { o[key] = value }
        o.code = q.code
        o.price = price
        o.change = q.change
        o["prdy_vrss_sign"] = String(q.signCode)
        o.changeRate = q.changeRate
        o.cumulativeVolume = Int(q.cumulativeVolume)
        o.cumulativeAmount = Int(q.cumulativeAmount)
        o.setRate("prdy_vrss_vol_rate", q.previousDayVolume == 0 ? 0 : Double(q.cumulativeVolume) * 100 / Double(q.previousDayVolume))
        o.open = q.open
        o.high = q.high
        o.low = q.low
        o.upperLimit = q.upperLimit
        o.lowerLimit = q.lowerLimit
        o.previousClose = q.previousClose
        o.setRate("wghn_avrg_stck_prc", q.averagePrice)
        o.setInt("rstc_wdth_prc", q.upperLimit - q.previousClose)
        o.setInt("stck_sspr", q.previousClose * 7 / 10)
        o.tickSize = q.tickSize
        o.listedShares = Int(q.listedShares)
        o.setInt("hts_avls", Int(Double(q.listedShares) * Double(price) / 1e8))
        o.setRate("vol_tnrt", q.listedShares == 0 ? 0 : Double(q.cumulativeVolume) * 100 / Double(q.listedShares))
        // Reference figures the model does not move: deterministic functions of the previous close.
        let eps = max(1, q.previousClose / 12)
        o.setRate("eps", Double(eps))
        o.setRate("bps", Double(q.previousClose) / 1.4)
        o.setRate("per", Double(price) / Double(eps))
        o.setRate("pbr", Double(price) * 1.4 / Double(q.previousClose))
        let high52 = KRXRules.roundDown(Double(q.previousClose) * 1.35), low52 = KRXRules.roundUp(Double(q.previousClose) * 0.7)
        for prefix in ["d250", "w52"] {
            o.setInt("\(prefix)_hgpr", high52)
            o.setInt("\(prefix)_lwpr", low52)
        }
        o.setInt("stck_dryy_hgpr", high52)
        o.setInt("stck_dryy_lwpr", low52)
        let highRate = (Double(price) / Double(high52) - 1) * 100, lowRate = (Double(price) / Double(low52) - 1) * 100
        for key in ["d250_hgpr_vrss_prpr_rate", "dryy_hgpr_vrss_prpr_rate", "w52_hgpr_vrss_prpr_ctrt"] { o.setRate(key, highRate) }
        for key in ["d250_lwpr_vrss_prpr_rate", "dryy_lwpr_vrss_prpr_rate", "w52_lwpr_vrss_prpr_ctrt"] { o.setRate(key, lowRate) }
        let year = String(format: "%04d", date.year)
        for key in ["d250_hgpr_date", "w52_hgpr_date", "dryy_hgpr_date"] { o[key] = year + "0312" }
        for key in ["d250_lwpr_date", "w52_lwpr_date", "dryy_lwpr_date"] { o[key] = year + "0108" }
        // Pivot points from the previous day's range (assumed ±2 % around the close).
        let c = Double(q.previousClose), h = c * 1.02, l = c * 0.98
        let pivot = (h + l + c) / 3
        o.setInt("pvt_pont_val", Int(pivot))
        o.setInt("pvt_frst_dmrs_prc", Int(2 * pivot - l))
        o.setInt("pvt_scnd_dmrs_prc", Int(pivot + h - l))
        o.setInt("pvt_frst_dmsp_prc", Int(2 * pivot - h))
        o.setInt("pvt_scnd_dmsp_prc", Int(pivot - h + l))
        o.setInt("dmrs_val", Int((h + l + 2 * c) / 2 - l))
        o.setInt("dmsp_val", Int((h + l + 2 * c) / 2 - h))
        let capital = Int(Double(q.listedShares) * 100 / 1e8)
        o.setInt("cpfn", capital)
        o["cpfn_cnnm"] = "\(capital) 억"
        o.setRate("hts_frgn_ehrt", 20 + Double(q.previousClose % 300) / 10)
        o.setInt("frgn_hldn_qty", Int(Double(q.listedShares) * 0.2))
        o.setRate("whol_loan_rmnd_rate", 0.12)
        return o
    }

    /// inquire-asking-price-exp-ccn: the 10-level book (`output1`) and the expected trade (`output2`).
    static func askingPrice(_ book: MarketOrderBook, _ q: MarketQuote) -> (AskingPriceBook, ExpectedTrade) {
        var o = zeroed(AskingPriceBook.self)
        o["aspr_acpt_hour"] = clock(q.time)
        for level in 0..<10 {
            o.setInt("askp\(level + 1)", book.asks[level].price)
            o.setInt("bidp\(level + 1)", book.bids[level].price)
            o.setInt("askp_rsqn\(level + 1)", Int(book.asks[level].quantity))
            o.setInt("bidp_rsqn\(level + 1)", Int(book.bids[level].quantity))
        }
        o.setInt("total_askp_rsqn", Int(book.totalAskQuantity))
        o.setInt("total_bidp_rsqn", Int(book.totalBidQuantity))
        o.setInt("ntby_aspr_rsqn", Int(book.totalBidQuantity - book.totalAskQuantity))
        o["new_mkop_cls_code"] = operationCode(q.session, time: q.time)
        var e = zeroed(ExpectedTrade.self)
        e["antc_mkop_cls_code"] = q.session == .openingAuction ? "311" : q.session == .closingAuction ? "121" : "112"
        e.setInt("stck_prpr", q.price)
        e.setInt("stck_oprc", q.open)
        e.setInt("stck_hgpr", q.high)
        e.setInt("stck_lwpr", q.low)
        e.setInt("stck_sdpr", q.previousClose)
        e.setInt("antc_cnpr", q.expectedPrice)
        e["antc_cntg_vrss_sign"] = q.expectedPrice == 0 ? "3" : sign(Double(q.expectedPrice), versus: Double(q.previousClose))
        e.setInt("antc_cntg_vrss", q.expectedChange)
        e.setRate("antc_cntg_prdy_ctrt", q.expectedChangeRate)
        e.setInt("antc_vol", Int(q.expectedVolume))
        e["stck_shrn_iscd"] = q.code
        e["vi_cls_code"] = q.isVI ? "Y" : "N"
        return (o, e)
    }

    /// One intstock-multprice row.
    static func multiPriceRow(_ q: MarketQuote, _ book: MarketOrderBook) -> MultiPriceRow {
        var r = zeroed(MultiPriceRow.self)
        r["kospi_kosdaq_cls_name"] = q.market == .kospi ? "코스피" : "코스닥"
        r["mrkt_trtm_cls_name"] = ""
        r["hour_cls_code"] = MechanicsRecords.hourClass(q)
        r["inter_shrn_iscd"] = q.code
        r["inter_kor_isnm"] = q.name
        r.setInt("inter2_prpr", q.price)
        r.setInt("inter2_prdy_vrss", q.change)
        r["prdy_vrss_sign"] = String(q.signCode)
        r.setRate("prdy_ctrt", q.changeRate)
        r.setInt("acml_vol", Int(q.cumulativeVolume))
        r.setInt("inter2_oprc", q.open)
        r.setInt("inter2_hgpr", q.high)
        r.setInt("inter2_lwpr", q.low)
        r.setInt("inter2_llam", q.lowerLimit)
        r.setInt("inter2_mxpr", q.upperLimit)
        r.setInt("inter2_askp", q.bestAsk)
        r.setInt("inter2_bidp", q.bestBid)
        r.setInt("seln_rsqn", Int(book.asks[0].quantity))
        r.setInt("shnu_rsqn", Int(book.bids[0].quantity))
        r.setInt("total_askp_rsqn", Int(book.totalAskQuantity))
        r.setInt("total_bidp_rsqn", Int(book.totalBidQuantity))
        r.setInt("acml_tr_pbmn", Int(q.cumulativeAmount))
        r.setInt("inter2_prdy_clpr", q.previousClose)
        r.setRate("oprc_vrss_hgpr_rate", q.open == 0 ? 0 : Double(q.high - q.open) * 100 / Double(q.open))
        r.setInt("intr_antc_cntg_vrss", q.expectedChange)
        r["intr_antc_cntg_vrss_sign"] = q.expectedPrice == 0 ? "3" : sign(Double(q.expectedPrice), versus: Double(q.previousClose))
        r.setRate("intr_antc_cntg_prdy_ctrt", q.expectedChangeRate)
        r.setInt("intr_antc_vol", Int(q.expectedVolume))
        r.setInt("inter2_sdpr", q.previousClose)
        return r
    }

    /// One volume-rank row.
    static func volumeRankRow(_ q: MarketQuote, rank: Int) -> VolumeRankRow {
        var r = zeroed(VolumeRankRow.self)
        r["hts_kor_isnm"] = q.name
        r["mksc_shrn_iscd"] = q.code
        r.setInt("data_rank", rank)
        r.setInt("stck_prpr", q.price)
        r["prdy_vrss_sign"] = String(q.signCode)
        r.setInt("prdy_vrss", q.change)
        r.setRate("prdy_ctrt", q.changeRate)
        r.setInt("acml_vol", Int(q.cumulativeVolume))
        r.setInt("prdy_vol", Int(q.previousDayVolume))
        r.setInt("lstn_stcn", Int(q.listedShares))
        r.setInt("avrg_vol", Int(q.averageDailyVolume))
        r.setRate("n_befr_clpr_vrss_prpr_rate", q.changeRate)
        r.setRate("vol_inrt", q.previousDayVolume == 0 ? 0 : Double(q.cumulativeVolume) * 100 / Double(q.previousDayVolume))
        let turnover = q.listedShares == 0 ? 0 : Double(q.cumulativeVolume) * 100 / Double(q.listedShares)
        r.setRate("vol_tnrt", turnover)
        r.setRate("nday_vol_tnrt", turnover)
        r.setInt("avrg_tr_pbmn", Int(Double(q.averageDailyVolume) * Double(q.previousClose)))
        r.setRate("tr_pbmn_tnrt", turnover)
        r.setRate("nday_tr_pbmn_tnrt", turnover)
        r.setInt("acml_tr_pbmn", Int(q.cumulativeAmount))
        return r
    }

    /// One fluctuation-ranking row.
    static func fluctuationRow(_ q: MarketQuote, rank: Int, date: TradingDate) -> FluctuationRow {
        var r = zeroed(FluctuationRow.self)
        r["stck_shrn_iscd"] = q.code
        r.setInt("data_rank", rank)
        r["hts_kor_isnm"] = q.name
        r.setInt("stck_prpr", q.price)
        r.setInt("prdy_vrss", q.change)
        r["prdy_vrss_sign"] = String(q.signCode)
        r.setRate("prdy_ctrt", q.changeRate)
        r.setInt("acml_vol", Int(q.cumulativeVolume))
        r.setInt("stck_hgpr", q.high)
        r["hgpr_hour"] = clock(q.highTime)
        r["acml_hgpr_date"] = date.compact
        r.setInt("stck_lwpr", q.low)
        r["lwpr_hour"] = clock(q.lowTime)
        r["acml_lwpr_date"] = date.compact
        r.setRate("lwpr_vrss_prpr_rate", q.low == 0 ? 0 : Double(q.price - q.low) * 100 / Double(q.low))
        r.setRate("dsgt_date_clpr_vrss_prpr_rate", q.changeRate)
        r["cnnt_ascn_dynu"] = q.change > 0 ? "1" : "0"
        r["cnnt_down_dynu"] = q.change < 0 ? "1" : "0"
        r.setRate("hgpr_vrss_prpr_rate", q.high == 0 ? 0 : Double(q.price - q.high) * 100 / Double(q.high))
        r["oprc_vrss_prpr_sign"] = q.open == 0 ? "3" : sign(Double(q.price), versus: Double(q.open))
        r.setInt("oprc_vrss_prpr", q.open == 0 ? 0 : q.price - q.open)
        r.setRate("oprc_vrss_prpr_rate", q.open == 0 ? 0 : Double(q.price - q.open) * 100 / Double(q.open))
        return r
    }

    /// inquire-index-price `output`.
    static func indexPrice(_ x: IndexQuote, date: TradingDate) -> IndexPriceOutput {
        var o = zeroed(IndexPriceOutput.self)
        func value(_ key: String, _ v: Double) { o.setRate(key, v) }
        value("bstp_nmix_prpr", x.value)
        value("bstp_nmix_prdy_vrss", x.change)
        o["prdy_vrss_sign"] = sign(x.value, versus: x.previousClose)
        value("bstp_nmix_prdy_ctrt", x.changeRate)
        o.setInt("acml_vol", Int(x.cumulativeVolume / 1000))
        o.setInt("acml_tr_pbmn", Int(x.cumulativeAmount / 1_000_000))
        value("bstp_nmix_oprc", x.open)
        value("prdy_nmix_vrss_nmix_oprc", x.open - x.previousClose)
        o["oprc_vrss_prpr_sign"] = sign(x.value, versus: x.open)
        value("bstp_nmix_oprc_prdy_ctrt", (x.open / x.previousClose - 1) * 100)
        value("bstp_nmix_hgpr", x.high)
        value("prdy_nmix_vrss_nmix_hgpr", x.high - x.previousClose)
        o["hgpr_vrss_prpr_sign"] = sign(x.value, versus: x.high)
        value("bstp_nmix_hgpr_prdy_ctrt", (x.high / x.previousClose - 1) * 100)
        value("bstp_nmix_lwpr", x.low)
        value("prdy_clpr_vrss_lwpr", x.low - x.previousClose)
        o["lwpr_vrss_prpr_sign"] = sign(x.value, versus: x.low)
        value("prdy_clpr_vrss_lwpr_rate", (x.low / x.previousClose - 1) * 100)
        o.setInt("ascn_issu_cnt", x.advancing)
        o.setInt("uplm_issu_cnt", x.upperLimitCount)
        o.setInt("stnr_issu_cnt", x.unchanged)
        o.setInt("down_issu_cnt", x.declining)
        o.setInt("lslm_issu_cnt", x.lowerLimitCount)
        value("dryy_bstp_nmix_hgpr", x.previousClose * 1.12)
        value("dryy_hgpr_vrss_prpr_rate", (x.value / (x.previousClose * 1.12) - 1) * 100)
        o["dryy_bstp_nmix_hgpr_date"] = String(format: "%04d0715", date.year)
        value("dryy_bstp_nmix_lwpr", x.previousClose * 0.9)
        value("dryy_lwpr_vrss_prpr_rate", (x.value / (x.previousClose * 0.9) - 1) * 100)
        o["dryy_bstp_nmix_lwpr_date"] = String(format: "%04d0204", date.year)
        value("seln_rsqn_rate", 50)
        value("shnu_rsqn_rate", 50)
        return o
    }

    /// search-info (CTPF1604R) `output`, as far as python-kis reads it (`prdt_type_cd` 300 = KRX stock).
    static func searchInfo(_ listing: Listing) -> [(String, String)] {
        [("pdno", "00000A" + listing.code), ("prdt_type_cd", "300"), ("prdt_name", listing.name),
         ("prdt_name120", listing.name), ("prdt_abrv_name", listing.name), ("prdt_eng_name", listing.code),
         ("prdt_eng_name120", listing.code), ("prdt_eng_abrv_name", listing.code),
         ("std_pdno", "KR7" + listing.code + "00" + "3"), ("shtn_pdno", listing.code),
         ("prdt_clsf_name", listing.market == .kospi ? "유가증권" : "코스닥")]
    }
}
