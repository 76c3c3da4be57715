/// One row of volume-rank (FHPST01710000, 거래량순위); at most 30 rows.
public struct VolumeRankRow: RankingFields {
    /// The documented key set (19 keys), in documented order.
    public static let keys: [String] = [
        "hts_kor_isnm", "mksc_shrn_iscd", "data_rank", "stck_prpr", "prdy_vrss_sign", "prdy_vrss",
        "prdy_ctrt", "acml_vol", "prdy_vol", "lstn_stcn", "avrg_vol", "n_befr_clpr_vrss_prpr_rate",
        "vol_inrt", "vol_tnrt", "nday_vol_tnrt", "avrg_tr_pbmn", "tr_pbmn_tnrt", "nday_tr_pbmn_tnrt",
        "acml_tr_pbmn",
    ]

    /// The raw values by wire key.
    public var fields: [String: String]

    /// Wraps raw values.
    public init(fields: [String: String]) { self.fields = fields }

    /// Stock code (`mksc_shrn_iscd`).
    public var code: String? {
        get { fields["mksc_shrn_iscd"] }
        set { fields["mksc_shrn_iscd"] = newValue }
    }

    /// Previous day volume (`prdy_vol`).
    public var previousDayVolume: Int? {
        get { int("prdy_vol") }
        set { setInt("prdy_vol", newValue) }
    }

    /// Cumulative amount (`acml_tr_pbmn`).
    public var cumulativeAmount: Int? {
        get { int("acml_tr_pbmn") }
        set { setInt("acml_tr_pbmn", newValue) }
    }
}
