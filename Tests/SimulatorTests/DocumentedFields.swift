/// The fields `../shared/kis/protocol.md` §5 documents for each REST body kis-sim serves, copied from
/// its tables (a client built from KIS's field specification expects every one). Kept here, not
/// read from the shared folder, so the test runs wherever the repository does.
enum DocumentedFields {
    /// protocol.md §5.1 inquire-price `output` (82 fields).
    static let inquirePrice: Set<String> = [
        "acml_tr_pbmn", "acml_vol", "apprch_rate", "aspr_unit", "bps", "bstp_kor_isnm", "clpr_rang_cont_yn", "cpfn",
        "cpfn_cnnm", "crdt_able_yn", "d250_hgpr", "d250_hgpr_date", "d250_hgpr_vrss_prpr_rate", "d250_lwpr",
        "d250_lwpr_date", "d250_lwpr_vrss_prpr_rate", "dmrs_val", "dmsp_val", "dryy_hgpr_date",
        "dryy_hgpr_vrss_prpr_rate", "dryy_lwpr_date", "dryy_lwpr_vrss_prpr_rate", "elw_pblc_yn", "eps", "fcam_cnnm",
        "frgn_hldn_qty", "frgn_ntby_qty", "grmn_rate_cls_code", "hts_avls", "hts_deal_qty_unit_val", "hts_frgn_ehrt",
        "invt_caful_yn", "iscd_stat_cls_code", "last_ssts_cntg_qty", "lstn_stcn", "mang_issu_cls_code", "marg_rate",
        "mrkt_warn_cls_code", "new_hgpr_lwpr_cls_code", "oprc_rang_cont_yn", "ovtm_vi_cls_code", "pbr", "per",
        "pgtr_ntby_qty", "prdy_ctrt", "prdy_vrss", "prdy_vrss_sign", "prdy_vrss_vol_rate", "pvt_frst_dmrs_prc",
        "pvt_frst_dmsp_prc", "pvt_pont_val", "pvt_scnd_dmrs_prc", "pvt_scnd_dmsp_prc", "rprs_mrkt_kor_name",
        "rstc_wdth_prc", "short_over_yn", "sltr_yn", "ssts_yn", "stac_month", "stck_dryy_hgpr", "stck_dryy_lwpr",
        "stck_fcam", "stck_hgpr", "stck_llam", "stck_lwpr", "stck_mxpr", "stck_oprc", "stck_prpr", "stck_sdpr",
        "stck_shrn_iscd", "stck_sspr", "temp_stop_yn", "vi_cls_code", "vol_tnrt", "w52_hgpr", "w52_hgpr_date",
        "w52_hgpr_vrss_prpr_ctrt", "w52_lwpr", "w52_lwpr_date", "w52_lwpr_vrss_prpr_ctrt", "wghn_avrg_stck_prc",
        "whol_loan_rmnd_rate",
    ]
    /// protocol.md §5.3 intstock-multprice rows (29 fields).
    static let multiPriceRow: Set<String> = [
        "acml_tr_pbmn", "acml_vol", "hour_cls_code", "inter2_askp", "inter2_bidp", "inter2_hgpr", "inter2_llam",
        "inter2_lwpr", "inter2_mxpr", "inter2_oprc", "inter2_prdy_clpr", "inter2_prdy_vrss", "inter2_prpr",
        "inter2_sdpr", "inter_kor_isnm", "inter_shrn_iscd", "intr_antc_cntg_prdy_ctrt", "intr_antc_cntg_vrss",
        "intr_antc_cntg_vrss_sign", "intr_antc_vol", "kospi_kosdaq_cls_name", "mrkt_trtm_cls_name",
        "oprc_vrss_hgpr_rate", "prdy_ctrt", "prdy_vrss_sign", "seln_rsqn", "shnu_rsqn", "total_askp_rsqn",
        "total_bidp_rsqn",
    ]
    /// protocol.md §5.4 volume-rank rows (19 fields).
    static let volumeRankRow: Set<String> = [
        "acml_tr_pbmn", "acml_vol", "avrg_tr_pbmn", "avrg_vol", "data_rank", "hts_kor_isnm", "lstn_stcn",
        "mksc_shrn_iscd", "n_befr_clpr_vrss_prpr_rate", "nday_tr_pbmn_tnrt", "nday_vol_tnrt", "prdy_ctrt",
        "prdy_vol", "prdy_vrss", "prdy_vrss_sign", "stck_prpr", "tr_pbmn_tnrt", "vol_inrt", "vol_tnrt",
    ]
    /// protocol.md §5.5 fluctuation rows (24 fields).
    static let fluctuationRow: Set<String> = [
        "acml_hgpr_date", "acml_lwpr_date", "acml_vol", "cnnt_ascn_dynu", "cnnt_down_dynu", "data_rank",
        "dsgt_date_clpr_vrss_prpr_rate", "hgpr_hour", "hgpr_vrss_prpr_rate", "hts_kor_isnm", "lwpr_hour",
        "lwpr_vrss_prpr_rate", "oprc_vrss_prpr", "oprc_vrss_prpr_rate", "oprc_vrss_prpr_sign", "prd_rsfl",
        "prd_rsfl_rate", "prdy_ctrt", "prdy_vrss", "prdy_vrss_sign", "stck_hgpr", "stck_lwpr", "stck_prpr",
        "stck_shrn_iscd",
    ]
    /// protocol.md §5.6 inquire-index-price `output` (36 fields).
    static let indexPrice: Set<String> = [
        "acml_tr_pbmn", "acml_vol", "ascn_issu_cnt", "bstp_nmix_hgpr", "bstp_nmix_hgpr_prdy_ctrt", "bstp_nmix_lwpr",
        "bstp_nmix_oprc", "bstp_nmix_oprc_prdy_ctrt", "bstp_nmix_prdy_ctrt", "bstp_nmix_prdy_vrss", "bstp_nmix_prpr",
        "down_issu_cnt", "dryy_bstp_nmix_hgpr", "dryy_bstp_nmix_hgpr_date", "dryy_bstp_nmix_lwpr",
        "dryy_bstp_nmix_lwpr_date", "dryy_hgpr_vrss_prpr_rate", "dryy_lwpr_vrss_prpr_rate", "hgpr_vrss_prpr_sign",
        "lslm_issu_cnt", "lwpr_vrss_prpr_sign", "ntby_rsqn", "oprc_vrss_prpr_sign", "prdy_clpr_vrss_lwpr",
        "prdy_clpr_vrss_lwpr_rate", "prdy_nmix_vrss_nmix_hgpr", "prdy_nmix_vrss_nmix_oprc", "prdy_tr_pbmn",
        "prdy_vol", "prdy_vrss_sign", "seln_rsqn_rate", "shnu_rsqn_rate", "stnr_issu_cnt", "total_askp_rsqn",
        "total_bidp_rsqn", "uplm_issu_cnt",
    ]
    /// protocol.md §5.2 inquire-asking-price-exp-ccn `output1` (71 fields).
    static let askingPriceBook: Set<String> = [
        "askp1", "askp10", "askp2", "askp3", "askp4", "askp5", "askp6", "askp7", "askp8", "askp9", "askp_rsqn1",
        "askp_rsqn10", "askp_rsqn2", "askp_rsqn3", "askp_rsqn4", "askp_rsqn5", "askp_rsqn6", "askp_rsqn7",
        "askp_rsqn8", "askp_rsqn9", "askp_rsqn_icdc1", "askp_rsqn_icdc10", "askp_rsqn_icdc2", "askp_rsqn_icdc3",
        "askp_rsqn_icdc4", "askp_rsqn_icdc5", "askp_rsqn_icdc6", "askp_rsqn_icdc7", "askp_rsqn_icdc8",
        "askp_rsqn_icdc9", "aspr_acpt_hour", "bidp1", "bidp10", "bidp2", "bidp3", "bidp4", "bidp5", "bidp6", "bidp7",
        "bidp8", "bidp9", "bidp_rsqn1", "bidp_rsqn10", "bidp_rsqn2", "bidp_rsqn3", "bidp_rsqn4", "bidp_rsqn5",
        "bidp_rsqn6", "bidp_rsqn7", "bidp_rsqn8", "bidp_rsqn9", "bidp_rsqn_icdc1", "bidp_rsqn_icdc10",
        "bidp_rsqn_icdc2", "bidp_rsqn_icdc3", "bidp_rsqn_icdc4", "bidp_rsqn_icdc5", "bidp_rsqn_icdc6",
        "bidp_rsqn_icdc7", "bidp_rsqn_icdc8", "bidp_rsqn_icdc9", "new_mkop_cls_code", "ntby_aspr_rsqn",
        "ovtm_total_askp_icdc", "ovtm_total_askp_rsqn", "ovtm_total_bidp_icdc", "ovtm_total_bidp_rsqn",
        "total_askp_rsqn", "total_askp_rsqn_icdc", "total_bidp_rsqn", "total_bidp_rsqn_icdc",
    ]
    /// protocol.md §5.2 inquire-asking-price-exp-ccn `output2` (13 fields).
    static let expectedTrade: Set<String> = [
        "antc_cnpr", "antc_cntg_prdy_ctrt", "antc_cntg_vrss", "antc_cntg_vrss_sign", "antc_mkop_cls_code",
        "antc_vol", "stck_hgpr", "stck_lwpr", "stck_oprc", "stck_prpr", "stck_sdpr", "stck_shrn_iscd", "vi_cls_code",
    ]
    /// FHPST01390000 inquire-vi-status rows (13 fields): protocol.md §5.7 names the TR only; the layout
    /// is KIS's documentation of 변동성완화장치(VI) 현황 [v1_국내주식-055].
    static let viStatusRow: Set<String> = [
        "bsop_date", "cntg_vi_hour", "hts_kor_isnm", "mksc_shrn_iscd", "vi_cls_code", "vi_cncl_hour", "vi_count",
        "vi_dmc_dprt", "vi_dmc_stnd_prc", "vi_dprt", "vi_kind_code", "vi_prc", "vi_stnd_prc",
    ]
    /// Field counts of the WebSocket TRs kis-sim serves (protocol.md §6.7–§6.11): H0STCNT0 46 (47 with
    /// MARKET_CLS_CODE in the after-market), H0STASP0 59 (63 in the after-market), H0UPCNT0 30,
    /// H0STCNI0/H0STCNI9 26, H0STANC0 45, H0STMKO0 11.
    static let realtimeFieldCounts: [String: Int] = [
        "H0STCNT0": 46, "H0STASP0": 59, "H0UPCNT0": 30, "H0STCNI0": 26, "H0STANC0": 45, "H0STMKO0": 11,
    ]
}
