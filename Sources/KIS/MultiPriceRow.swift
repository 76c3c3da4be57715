/// One row of intstock-multprice (FHKST11300006, 관심종목 멀티종목 시세): one per requested stock. No example response exists; keys from the doc table (UNCERTAIN).
public struct MultiPriceRow: ChangeFields {
    /// The documented key set (29 keys), in documented order.
    public static let keys: [String] = [
        "kospi_kosdaq_cls_name", "mrkt_trtm_cls_name", "hour_cls_code", "inter_shrn_iscd", "inter_kor_isnm",
        "inter2_prpr", "inter2_prdy_vrss", "prdy_vrss_sign", "prdy_ctrt", "acml_vol", "inter2_oprc",
        "inter2_hgpr", "inter2_lwpr", "inter2_llam", "inter2_mxpr", "inter2_askp", "inter2_bidp",
        "seln_rsqn", "shnu_rsqn", "total_askp_rsqn", "total_bidp_rsqn", "acml_tr_pbmn", "inter2_prdy_clpr",
        "oprc_vrss_hgpr_rate", "intr_antc_cntg_vrss", "intr_antc_cntg_vrss_sign", "intr_antc_cntg_prdy_ctrt",
        "intr_antc_vol", "inter2_sdpr",
    ]

    /// The raw values by wire key.
    public var fields: [String: String]

    /// Wraps raw values.
    public init(fields: [String: String]) { self.fields = fields }

    /// Stock code (`inter_shrn_iscd`).
    public var code: String? {
        get { fields["inter_shrn_iscd"] }
        set { fields["inter_shrn_iscd"] = newValue }
    }

    /// Name (`inter_kor_isnm`).
    public var name: String? {
        get { fields["inter_kor_isnm"] }
        set { fields["inter_kor_isnm"] = newValue }
    }

    /// Hour class code (`hour_cls_code`).
    public var hourClass: String? {
        get { fields["hour_cls_code"] }
        set { fields["hour_cls_code"] = newValue }
    }

    /// Current price (`inter2_prpr`).
    public var price: Int? {
        get { int("inter2_prpr") }
        set { setInt("inter2_prpr", newValue) }
    }

    /// Change, signed (`inter2_prdy_vrss`).
    public var change: Int? {
        get { int("inter2_prdy_vrss") }
        set { setInt("inter2_prdy_vrss", newValue) }
    }

    /// Open (`inter2_oprc`).
    public var open: Int? {
        get { int("inter2_oprc") }
        set { setInt("inter2_oprc", newValue) }
    }

    /// High (`inter2_hgpr`).
    public var high: Int? {
        get { int("inter2_hgpr") }
        set { setInt("inter2_hgpr", newValue) }
    }

    /// Low (`inter2_lwpr`).
    public var low: Int? {
        get { int("inter2_lwpr") }
        set { setInt("inter2_lwpr", newValue) }
    }

    /// Best ask (`inter2_askp`).
    public var askPrice: Int? {
        get { int("inter2_askp") }
        set { setInt("inter2_askp", newValue) }
    }

    /// Best bid (`inter2_bidp`).
    public var bidPrice: Int? {
        get { int("inter2_bidp") }
        set { setInt("inter2_bidp", newValue) }
    }

    /// Previous close (`inter2_prdy_clpr`).
    public var previousClose: Int? {
        get { int("inter2_prdy_clpr") }
        set { setInt("inter2_prdy_clpr", newValue) }
    }

    /// Cumulative amount (`acml_tr_pbmn`).
    public var cumulativeAmount: Int? {
        get { int("acml_tr_pbmn") }
        set { setInt("acml_tr_pbmn", newValue) }
    }

    /// Expected change (`intr_antc_cntg_vrss`).
    public var expectedChange: Int? {
        get { int("intr_antc_cntg_vrss") }
        set { setInt("intr_antc_cntg_vrss", newValue) }
    }

    /// Expected change rate (`intr_antc_cntg_prdy_ctrt`).
    public var expectedChangeRate: Double? {
        get { double("intr_antc_cntg_prdy_ctrt") }
        set { setRate("intr_antc_cntg_prdy_ctrt", newValue) }
    }

    /// Expected volume (`intr_antc_vol`).
    public var expectedVolume: Int? {
        get { int("intr_antc_vol") }
        set { setInt("intr_antc_vol", newValue) }
    }

    /// Upper price limit, 상한가 (`inter2_mxpr`).
    public var upperLimit: Int? {
        get { int("inter2_mxpr") }
        set { setInt("inter2_mxpr", newValue) }
    }

    /// Lower price limit, 하한가 (`inter2_llam`).
    public var lowerLimit: Int? {
        get { int("inter2_llam") }
        set { setInt("inter2_llam", newValue) }
    }

    /// Quantity at the best ask (`seln_rsqn`).
    public var askQuantity: Int? {
        get { int("seln_rsqn") }
        set { setInt("seln_rsqn", newValue) }
    }

    /// Quantity at the best bid (`shnu_rsqn`).
    public var bidQuantity: Int? {
        get { int("shnu_rsqn") }
        set { setInt("shnu_rsqn", newValue) }
    }
}
