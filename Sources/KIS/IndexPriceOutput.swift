/// The `output` of inquire-index-price (FHPUP02100000, 업종 지수 현재가).
public struct IndexPriceOutput: RESTRecord {
    /// The documented key set (36 keys), in documented order.
    public static let keys: [String] = [
        "bstp_nmix_prpr", "bstp_nmix_prdy_vrss", "prdy_vrss_sign", "bstp_nmix_prdy_ctrt", "acml_vol",
        "prdy_vol", "acml_tr_pbmn", "prdy_tr_pbmn", "bstp_nmix_oprc", "prdy_nmix_vrss_nmix_oprc",
        "oprc_vrss_prpr_sign", "bstp_nmix_oprc_prdy_ctrt", "bstp_nmix_hgpr", "prdy_nmix_vrss_nmix_hgpr",
        "hgpr_vrss_prpr_sign", "bstp_nmix_hgpr_prdy_ctrt", "bstp_nmix_lwpr", "prdy_clpr_vrss_lwpr",
        "lwpr_vrss_prpr_sign", "prdy_clpr_vrss_lwpr_rate", "ascn_issu_cnt", "uplm_issu_cnt", "stnr_issu_cnt",
        "down_issu_cnt", "lslm_issu_cnt", "dryy_bstp_nmix_hgpr", "dryy_hgpr_vrss_prpr_rate",
        "dryy_bstp_nmix_hgpr_date", "dryy_bstp_nmix_lwpr", "dryy_lwpr_vrss_prpr_rate",
        "dryy_bstp_nmix_lwpr_date", "total_askp_rsqn", "total_bidp_rsqn", "seln_rsqn_rate", "shnu_rsqn_rate",
        "ntby_rsqn",
    ]

    /// The raw values by wire key.
    public var fields: [String: String]

    /// Wraps raw values.
    public init(fields: [String: String]) { self.fields = fields }

    /// Index value (`bstp_nmix_prpr`).
    public var value: Double? {
        get { double("bstp_nmix_prpr") }
        set { setRate("bstp_nmix_prpr", newValue) }
    }

    /// Change, signed (`bstp_nmix_prdy_vrss`).
    public var change: Double? {
        get { double("bstp_nmix_prdy_vrss") }
        set { setRate("bstp_nmix_prdy_vrss", newValue) }
    }

    /// Change sign (`prdy_vrss_sign`).
    public var changeSign: ChangeSign? {
        get { sign("prdy_vrss_sign") }
        set { setInt("prdy_vrss_sign", newValue?.rawValue) }
    }

    /// Change rate (`bstp_nmix_prdy_ctrt`).
    public var changeRate: Double? {
        get { double("bstp_nmix_prdy_ctrt") }
        set { setRate("bstp_nmix_prdy_ctrt", newValue) }
    }

    /// Cumulative volume (`acml_vol`).
    public var cumulativeVolume: Int? {
        get { int("acml_vol") }
        set { setInt("acml_vol", newValue) }
    }

    /// Cumulative amount (`acml_tr_pbmn`).
    public var cumulativeAmount: Int? {
        get { int("acml_tr_pbmn") }
        set { setInt("acml_tr_pbmn", newValue) }
    }

    /// Open (`bstp_nmix_oprc`).
    public var open: Double? {
        get { double("bstp_nmix_oprc") }
        set { setRate("bstp_nmix_oprc", newValue) }
    }

    /// High (`bstp_nmix_hgpr`).
    public var high: Double? {
        get { double("bstp_nmix_hgpr") }
        set { setRate("bstp_nmix_hgpr", newValue) }
    }

    /// Low (`bstp_nmix_lwpr`).
    public var low: Double? {
        get { double("bstp_nmix_lwpr") }
        set { setRate("bstp_nmix_lwpr", newValue) }
    }
}
