/// REST records that carry the change block under KIS's common keys (`prdy_vrss_sign`,
/// `prdy_ctrt`, `acml_vol`): every price record, the multi-stock rows too (whose price and
/// change have `inter2_` keys of their own).
public protocol ChangeFields: RESTRecord {}

extension ChangeFields {
    /// Change sign (`prdy_vrss_sign`).
    public var changeSign: ChangeSign? {
        get { sign("prdy_vrss_sign") }
        set { setInt("prdy_vrss_sign", newValue?.rawValue) }
    }

    /// Change rate, percent (`prdy_ctrt`).
    public var changeRate: Double? {
        get { double("prdy_ctrt") }
        set { setRate("prdy_ctrt", newValue) }
    }

    /// Cumulative volume (`acml_vol`).
    public var cumulativeVolume: Int? {
        get { int("acml_vol") }
        set { setInt("acml_vol", newValue) }
    }
}

/// REST records that carry a stock's price block under KIS's common keys (`stck_prpr`,
/// `prdy_vrss` and the change block): inquire-price and both rankings.
public protocol StockPriceFields: ChangeFields {}

extension StockPriceFields {
    /// Current price (`stck_prpr`).
    public var price: Int? {
        get { int("stck_prpr") }
        set { setInt("stck_prpr", newValue) }
    }

    /// Change against the previous close, signed (`prdy_vrss`).
    public var change: Int? {
        get { int("prdy_vrss") }
        set { setInt("prdy_vrss", newValue) }
    }
}

/// Ranking rows (volume-rank, fluctuation): the price block plus rank and name.
public protocol RankingFields: StockPriceFields {}

extension RankingFields {
    /// Rank (`data_rank`).
    public var rank: Int? {
        get { int("data_rank") }
        set { setInt("data_rank", newValue) }
    }

    /// Name (`hts_kor_isnm`).
    public var name: String? {
        get { fields["hts_kor_isnm"] }
        set { fields["hts_kor_isnm"] = newValue }
    }
}

/// REST records with the day's range under the `stck_` keys: inquire-price and the expected-trade
/// block of inquire-asking-price-exp-ccn.
public protocol StockDayRangeFields: RESTRecord {}

extension StockDayRangeFields {
    /// Open (`stck_oprc`).
    public var open: Int? {
        get { int("stck_oprc") }
        set { setInt("stck_oprc", newValue) }
    }

    /// High (`stck_hgpr`).
    public var high: Int? {
        get { int("stck_hgpr") }
        set { setInt("stck_hgpr", newValue) }
    }

    /// Low (`stck_lwpr`).
    public var low: Int? {
        get { int("stck_lwpr") }
        set { setInt("stck_lwpr", newValue) }
    }

    /// Base price (기준가, normally the previous close) (`stck_sdpr`).
    public var previousClose: Int? {
        get { int("stck_sdpr") }
        set { setInt("stck_sdpr", newValue) }
    }
}
