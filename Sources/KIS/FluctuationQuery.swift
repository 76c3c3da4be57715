/// The query of ranking/fluctuation (FHPST01700000); lowercase names as documented; defaults are the documented example.
public struct FluctuationQuery: RESTRecord {
    /// The documented key set (14 keys), in documented order.
    public static let keys: [String] = [
        "fid_cond_mrkt_div_code", "fid_cond_scr_div_code", "fid_input_iscd", "fid_rank_sort_cls_code",
        "fid_input_cnt_1", "fid_prc_cls_code", "fid_input_price_1", "fid_input_price_2", "fid_vol_cnt",
        "fid_trgt_cls_code", "fid_trgt_exls_cls_code", "fid_div_cls_code", "fid_rsfl_rate1",
        "fid_rsfl_rate2",
    ]

    /// The raw values by wire key.
    public var fields: [String: String]

    /// Wraps raw values.
    public init(fields: [String: String]) { self.fields = fields }

    /// Market: J KRX, NX NXT (`fid_cond_mrkt_div_code`).
    public var market: String? {
        get { fields["fid_cond_mrkt_div_code"] }
        set { fields["fid_cond_mrkt_div_code"] = newValue }
    }

    /// Sector: 0000 all, 0001 KOSPI, 1001 KOSDAQ (`fid_input_iscd`).
    public var sector: String? {
        get { fields["fid_input_iscd"] }
        set { fields["fid_input_iscd"] = newValue }
    }

    /// 0 rise rate, 1 fall rate, … (`fid_rank_sort_cls_code`).
    public var sortClass: String? {
        get { fields["fid_rank_sort_cls_code"] }
        set { fields["fid_rank_sort_cls_code"] = newValue }
    }

    /// The documented example query.
    public static let standard = FluctuationQuery(fields: [
        "fid_cond_mrkt_div_code": "J",
        "fid_cond_scr_div_code": "20170",
        "fid_input_iscd": "0000",
        "fid_rank_sort_cls_code": "0",
        "fid_input_cnt_1": "0",
        "fid_prc_cls_code": "0",
        "fid_input_price_1": "",
        "fid_input_price_2": "",
        "fid_vol_cnt": "",
        "fid_trgt_cls_code": "0",
        "fid_trgt_exls_cls_code": "0",
        "fid_div_cls_code": "0",
        "fid_rsfl_rate1": "",
        "fid_rsfl_rate2": "",
    ])
}
