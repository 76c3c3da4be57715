/// `output2` of inquire-asking-price-exp-ccn (FHKST01010200): the expected (auction) trade block. Treated as an object, as the official sample does (the doc says array; UNCERTAIN).
public struct ExpectedTrade: StockDayRangeFields {
    /// The documented key set (13 keys), in documented order.
    public static let keys: [String] = [
        "antc_mkop_cls_code", "stck_prpr", "stck_oprc", "stck_hgpr", "stck_lwpr", "stck_sdpr", "antc_cnpr",
        "antc_cntg_vrss_sign", "antc_cntg_vrss", "antc_cntg_prdy_ctrt", "antc_vol", "stck_shrn_iscd",
        "vi_cls_code",
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

    /// Expected-session code (311 장전예상시작, 112 장전예상종료) (`antc_mkop_cls_code`).
    public var operationCode: String? {
        get { fields["antc_mkop_cls_code"] }
        set { fields["antc_mkop_cls_code"] = newValue }
    }

    /// Current price (`stck_prpr`).
    public var price: Int? {
        get { int("stck_prpr") }
        set { setInt("stck_prpr", newValue) }
    }

    /// Expected price (`antc_cnpr`).
    public var expectedPrice: Int? {
        get { int("antc_cnpr") }
        set { setInt("antc_cnpr", newValue) }
    }

    /// Expected change, signed (`antc_cntg_vrss`).
    public var expectedChange: Int? {
        get { int("antc_cntg_vrss") }
        set { setInt("antc_cntg_vrss", newValue) }
    }

    /// Expected change sign (`antc_cntg_vrss_sign`).
    public var expectedChangeSign: ChangeSign? {
        get { sign("antc_cntg_vrss_sign") }
        set { setInt("antc_cntg_vrss_sign", newValue?.rawValue) }
    }

    /// Expected change rate (`antc_cntg_prdy_ctrt`).
    public var expectedChangeRate: Double? {
        get { double("antc_cntg_prdy_ctrt") }
        set { setRate("antc_cntg_prdy_ctrt", newValue) }
    }

    /// Expected volume (`antc_vol`).
    public var expectedVolume: Int? {
        get { int("antc_vol") }
        set { setInt("antc_vol", newValue) }
    }
}
