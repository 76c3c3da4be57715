/// One row of inquire-vi-status (FHPST01390000, 변동성완화장치(VI) 현황, API v1_국내주식-055): one VI of
/// the day, triggered and perhaps released. Keys from the portal's field table as copied in public
/// client code (krx-rules.md: not yet in protocol.md; UNCERTAIN). The doc calls `output` an Object;
/// clients treat it as a list of rows, as for the rankings. KIS returns the latest 30 rows.
public struct VIStatusRow: RESTRecord {
    /// The documented key set (13 keys), in documented order.
    public static let keys: [String] = [
        "hts_kor_isnm", "mksc_shrn_iscd", "vi_cls_code", "bsop_date", "cntg_vi_hour", "vi_cncl_hour",
        "vi_kind_code", "vi_prc", "vi_stnd_prc", "vi_dprt", "vi_dmc_stnd_prc", "vi_dmc_dprt", "vi_count",
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

    /// Name (`hts_kor_isnm`).
    public var name: String? {
        get { fields["hts_kor_isnm"] }
        set { fields["hts_kor_isnm"] = newValue }
    }

    /// Whether the VI is in force (`vi_cls_code`: `Y` 발동, `N` 해제).
    public var isActive: Bool {
        get { fields["vi_cls_code"] == "Y" }
        set { fields["vi_cls_code"] = newValue ? "Y" : "N" }
    }

    /// Business date, `YYYYMMDD` (`bsop_date`).
    public var date: String? {
        get { fields["bsop_date"] }
        set { fields["bsop_date"] = newValue }
    }

    /// Trigger time, `HHMMSS` (`cntg_vi_hour`).
    public var triggerTime: String? {
        get { fields["cntg_vi_hour"] }
        set { fields["cntg_vi_hour"] = newValue }
    }

    /// Release time, `HHMMSS`; empty or zero while in force (`vi_cncl_hour`).
    public var releaseTime: String? {
        get { fields["vi_cncl_hour"] }
        set { fields["vi_cncl_hour"] = newValue }
    }

    /// `1` static, `2` dynamic, `3` both (`vi_kind_code`).
    public var kindCode: String? {
        get { fields["vi_kind_code"] }
        set { fields["vi_kind_code"] = newValue }
    }

    /// The price that triggered the VI (`vi_prc`).
    public var triggerPrice: Int? {
        get { int("vi_prc") }
        set { setInt("vi_prc", newValue) }
    }

    /// Static-VI reference price (`vi_stnd_prc`); 0 for a dynamic VI.
    public var staticReferencePrice: Int? {
        get { int("vi_stnd_prc") }
        set { setInt("vi_stnd_prc", newValue) }
    }

    /// Static-VI deviation, percent, signed (`vi_dprt`).
    public var staticDeviation: Double? {
        get { double("vi_dprt") }
        set { setRate("vi_dprt", newValue) }
    }

    /// Dynamic-VI reference price (`vi_dmc_stnd_prc`); 0 for a static VI.
    public var dynamicReferencePrice: Int? {
        get { int("vi_dmc_stnd_prc") }
        set { setInt("vi_dmc_stnd_prc", newValue) }
    }

    /// Dynamic-VI deviation, percent, signed (`vi_dmc_dprt`).
    public var dynamicDeviation: Double? {
        get { double("vi_dmc_dprt") }
        set { setRate("vi_dmc_dprt", newValue) }
    }

    /// The stock's VI count of the day (`vi_count`).
    public var count: Int? {
        get { int("vi_count") }
        set { setInt("vi_count", newValue) }
    }
}
