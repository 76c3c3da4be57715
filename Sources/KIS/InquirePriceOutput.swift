/// The `output` of inquire-price (FHKST01010100, 주식현재가 시세): one stock's quote and reference data.
public struct InquirePriceOutput: StockPriceFields, StockDayRangeFields {
    /// The documented key set (82 keys): the 79 of the documented example, in its order, then the
    /// three more that protocol.md §5.1's field table lists and the example happens not to carry
    /// (a client built from KIS's field specification requires them).
    public static let keys: [String] = [
        "iscd_stat_cls_code", "marg_rate", "rprs_mrkt_kor_name", "bstp_kor_isnm", "temp_stop_yn",
        "oprc_rang_cont_yn", "clpr_rang_cont_yn", "crdt_able_yn", "grmn_rate_cls_code", "elw_pblc_yn",
        "stck_prpr", "prdy_vrss", "prdy_vrss_sign", "prdy_ctrt", "acml_tr_pbmn", "acml_vol",
        "prdy_vrss_vol_rate", "stck_oprc", "stck_hgpr", "stck_lwpr", "stck_mxpr", "stck_llam", "stck_sdpr",
        "wghn_avrg_stck_prc", "hts_frgn_ehrt", "frgn_ntby_qty", "pgtr_ntby_qty", "pvt_scnd_dmrs_prc",
        "pvt_frst_dmrs_prc", "pvt_pont_val", "pvt_frst_dmsp_prc", "pvt_scnd_dmsp_prc", "dmrs_val",
        "dmsp_val", "cpfn", "rstc_wdth_prc", "stck_fcam", "stck_sspr", "aspr_unit", "hts_deal_qty_unit_val",
        "lstn_stcn", "hts_avls", "per", "pbr", "stac_month", "vol_tnrt", "eps", "bps", "d250_hgpr",
        "d250_hgpr_date", "d250_hgpr_vrss_prpr_rate", "d250_lwpr", "d250_lwpr_date",
        "d250_lwpr_vrss_prpr_rate", "stck_dryy_hgpr", "dryy_hgpr_vrss_prpr_rate", "dryy_hgpr_date",
        "stck_dryy_lwpr", "dryy_lwpr_vrss_prpr_rate", "dryy_lwpr_date", "w52_hgpr",
        "w52_hgpr_vrss_prpr_ctrt", "w52_hgpr_date", "w52_lwpr", "w52_lwpr_vrss_prpr_ctrt", "w52_lwpr_date",
        "whol_loan_rmnd_rate", "ssts_yn", "stck_shrn_iscd", "fcam_cnnm", "cpfn_cnnm", "frgn_hldn_qty",
        "vi_cls_code", "ovtm_vi_cls_code", "last_ssts_cntg_qty", "invt_caful_yn", "mrkt_warn_cls_code",
        "short_over_yn", "sltr_yn",
        "mang_issu_cls_code", "apprch_rate", "new_hgpr_lwpr_cls_code",
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

    /// Cumulative traded amount, KRW (`acml_tr_pbmn`).
    public var cumulativeAmount: Int? {
        get { int("acml_tr_pbmn") }
        set { setInt("acml_tr_pbmn", newValue) }
    }

    /// Upper limit price (`stck_mxpr`).
    public var upperLimit: Int? {
        get { int("stck_mxpr") }
        set { setInt("stck_mxpr", newValue) }
    }

    /// Lower limit price (`stck_llam`).
    public var lowerLimit: Int? {
        get { int("stck_llam") }
        set { setInt("stck_llam", newValue) }
    }

    /// Tick size (`aspr_unit`).
    public var tickSize: Int? {
        get { int("aspr_unit") }
        set { setInt("aspr_unit", newValue) }
    }

    /// Listed shares (`lstn_stcn`).
    public var listedShares: Int? {
        get { int("lstn_stcn") }
        set { setInt("lstn_stcn", newValue) }
    }

    /// VI status Y/N (`vi_cls_code`).
    public var viClass: String? {
        get { fields["vi_cls_code"] }
        set { fields["vi_cls_code"] = newValue }
    }

    /// Whether trading is suspended (`temp_stop_yn` `Y`).
    public var isHalted: Bool {
        get { fields["temp_stop_yn"] == "Y" }
        set { fields["temp_stop_yn"] = newValue ? "Y" : "N" }
    }

    /// Stock status (`iscd_stat_cls_code`): 51 관리종목, …, 58 거래정지, 59 단기과열 (protocol.md §5.1).
    public var statusClass: String? {
        get { fields["iscd_stat_cls_code"] }
        set { fields["iscd_stat_cls_code"] = newValue }
    }
}
