/// One row of ranking/fluctuation (FHPST01700000, 등락률 순위); at most 30 rows.
public struct FluctuationRow: RankingFields {
    /// The documented key set (24 keys), in documented order.
    public static let keys: [String] = [
        "stck_shrn_iscd", "data_rank", "hts_kor_isnm", "stck_prpr", "prdy_vrss", "prdy_vrss_sign",
        "prdy_ctrt", "acml_vol", "stck_hgpr", "hgpr_hour", "acml_hgpr_date", "stck_lwpr", "lwpr_hour",
        "acml_lwpr_date", "lwpr_vrss_prpr_rate", "dsgt_date_clpr_vrss_prpr_rate", "cnnt_ascn_dynu",
        "hgpr_vrss_prpr_rate", "cnnt_down_dynu", "oprc_vrss_prpr_sign", "oprc_vrss_prpr",
        "oprc_vrss_prpr_rate", "prd_rsfl", "prd_rsfl_rate",
    ]

    /// The raw values by wire key.
    public var fields: [String: String]

    /// Wraps raw values.
    public init(fields: [String: String]) { self.fields = fields }

    /// Stock code (`stck_shrn_iscd`).
    public var code: String? {
        get { fields["stck_shrn_iscd"] }
        set { fields["stck_shrn_iscd"] = newValue }
    }

    /// High (`stck_hgpr`).
    public var high: Int? {
        get { int("stck_hgpr") }
        set { setInt("stck_hgpr", newValue) }
    }

    /// Time of the high (`hgpr_hour`).
    public var highTime: String? {
        get { fields["hgpr_hour"] }
        set { fields["hgpr_hour"] = newValue }
    }

    /// Low (`stck_lwpr`).
    public var low: Int? {
        get { int("stck_lwpr") }
        set { setInt("stck_lwpr", newValue) }
    }

    /// Time of the low (`lwpr_hour`).
    public var lowTime: String? {
        get { fields["lwpr_hour"] }
        set { fields["lwpr_hour"] = newValue }
    }
}
