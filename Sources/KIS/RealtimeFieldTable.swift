/// The KIS wire field names of each realtime TR, in payload order (protocol.md §6.7–§6.10).
///
/// The only place the `H0ST…` field names live; typed records use these for error messages.
public enum RealtimeFieldTable {
    /// H0STCNT0 체결가: 46 fields, plus `MARKET_CLS_CODE` as a 47th from 2026-09-14 (UNCERTAIN index).
    public static let trade: [String] = [
        "MKSC_SHRN_ISCD", "STCK_CNTG_HOUR", "STCK_PRPR", "PRDY_VRSS_SIGN", "PRDY_VRSS", "PRDY_CTRT",
        "WGHN_AVRG_STCK_PRC", "STCK_OPRC", "STCK_HGPR", "STCK_LWPR", "ASKP1", "BIDP1", "CNTG_VOL",
        "ACML_VOL", "ACML_TR_PBMN", "SELN_CNTG_CSNU", "SHNU_CNTG_CSNU", "NTBY_CNTG_CSNU", "CTTR",
        "SELN_CNTG_SMTN", "SHNU_CNTG_SMTN", "CCLD_DVSN", "SHNU_RATE", "PRDY_VOL_VRSS_ACML_VOL_RATE",
        "OPRC_HOUR", "OPRC_VRSS_PRPR_SIGN", "OPRC_VRSS_PRPR", "HGPR_HOUR", "HGPR_VRSS_PRPR_SIGN",
        "HGPR_VRSS_PRPR", "LWPR_HOUR", "LWPR_VRSS_PRPR_SIGN", "LWPR_VRSS_PRPR", "BSOP_DATE",
        "NEW_MKOP_CLS_CODE", "TRHT_YN", "ASKP_RSQN1", "BIDP_RSQN1", "TOTAL_ASKP_RSQN", "TOTAL_BIDP_RSQN",
        "VOL_TNRT", "PRDY_SMNS_HOUR_ACML_VOL", "PRDY_SMNS_HOUR_ACML_VOL_RATE", "HOUR_CLS_CODE",
        "MRKT_TRTM_CLS_CODE", "VI_STND_PRC", "MARKET_CLS_CODE",
    ]
    /// Fields every H0STCNT0 record must have (the pre-2026-09-14 layout).
    public static let tradeRequiredCount = 46

    /// H0STASP0 호가: 59 fields; live frames may carry 62/63 (MID_PRC…, MARKET_CLS_CODE).
    public static let orderBook: [String] = {
        var names = ["MKSC_SHRN_ISCD", "BSOP_HOUR", "HOUR_CLS_CODE"]
        names += (1...10).map { "ASKP\($0)" } + (1...10).map { "BIDP\($0)" }
        names += (1...10).map { "ASKP_RSQN\($0)" } + (1...10).map { "BIDP_RSQN\($0)" }
        names += [
            "TOTAL_ASKP_RSQN", "TOTAL_BIDP_RSQN", "OVTM_TOTAL_ASKP_RSQN", "OVTM_TOTAL_BIDP_RSQN",
            "ANTC_CNPR", "ANTC_CNQN", "ANTC_VOL", "ANTC_CNTG_VRSS", "ANTC_CNTG_VRSS_SIGN",
            "ANTC_CNTG_PRDY_CTRT", "ACML_VOL", "TOTAL_ASKP_RSQN_ICDC", "TOTAL_BIDP_RSQN_ICDC",
            "OVTM_TOTAL_ASKP_ICDC", "OVTM_TOTAL_BIDP_ICDC", "STCK_DEAL_CLS_CODE",
            "MID_PRC", "MIDP_TOTAL_RSQN", "MIDP_CLS_CODE", "MARKET_CLS_CODE",
        ]
        return names
    }()
    /// Fields every H0STASP0 record must have.
    public static let orderBookRequiredCount = 59

    /// H0UPCNT0 지수: 30 fields.
    public static let index: [String] = [
        "BSTP_CLS_CODE", "BSOP_HOUR", "PRPR_NMIX", "PRDY_VRSS_SIGN", "BSTP_NMIX_PRDY_VRSS", "ACML_VOL",
        "ACML_TR_PBMN", "PCAS_VOL", "PCAS_TR_PBMN", "PRDY_CTRT", "OPRC_NMIX", "NMIX_HGPR", "NMIX_LWPR",
        "OPRC_VRSS_NMIX_PRPR", "OPRC_VRSS_NMIX_SIGN", "HGPR_VRSS_NMIX_PRPR", "HGPR_VRSS_NMIX_SIGN",
        "LWPR_VRSS_NMIX_PRPR", "LWPR_VRSS_NMIX_SIGN", "PRDY_CLPR_VRSS_OPRC_RATE",
        "PRDY_CLPR_VRSS_HGPR_RATE", "PRDY_CLPR_VRSS_LWPR_RATE", "UPLM_ISSU_CNT", "ASCN_ISSU_CNT",
        "STNR_ISSU_CNT", "DOWN_ISSU_CNT", "LSLM_ISSU_CNT", "QTQT_ASCN_ISSU_CNT", "QTQT_DOWN_ISSU_CNT",
        "TICK_VRSS",
    ]
    /// Fields every H0UPCNT0 record must have.
    public static let indexRequiredCount = 30

    /// H0STCNI0/H0STCNI9 체결통보, current 26-field layout.
    public static let executionNotice: [String] = [
        "CUST_ID", "ACNT_NO", "ODER_NO", "OODER_NO", "SELN_BYOV_CLS", "RCTF_CLS", "ODER_KIND",
        "ODER_COND", "STCK_SHRN_ISCD", "CNTG_QTY", "CNTG_UNPR", "STCK_CNTG_HOUR", "RFUS_YN", "CNTG_YN",
        "ACPT_YN", "BRNC_NO", "ODER_QTY", "ACNT_NAME", "ORD_COND_PRC", "ORD_EXG_GB", "POPUP_YN",
        "FILLER", "CRDT_CLS", "CRDT_LOAN_DATE", "CNTG_ISNM40", "ODER_PRC",
    ]
    /// H0STCNI0 legacy 23-field layout, which the portal's decrypted examples still use:
    /// fields 0–17 as above, then 체결종목명, 신용구분, 신용대출일자, 체결종목명40, 주문가격.
    public static let executionNoticeLegacy: [String] =
        Array(executionNotice[0...17]) + ["CNTG_ISNM", "CRDT_CLS", "CRDT_LOAN_DATE", "CNTG_ISNM40", "ODER_PRC"]

    /// The wire name of field `index` in `table`, or `#index` beyond the table.
    static func name(_ table: [String], _ index: Int) -> String {
        table.indices.contains(index) ? table[index] : "#\(index)"
    }
}
