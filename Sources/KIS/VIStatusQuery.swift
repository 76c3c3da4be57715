/// The query of inquire-vi-status (FHPST01390000). Names and values as public clients send them
/// (the portal's request table): screen `20139`; `FID_DIV_CLS_CODE` 0 all / 1 up / 2 down;
/// `FID_MRKT_CLS_CODE` 0 all / K KOSPI / Q KOSDAQ; `FID_RANK_SORT_CLS_CODE` 0 all / 1 static /
/// 2 dynamic / 3 both; `FID_INPUT_ISCD` empty for the whole market; `FID_INPUT_DATE_1` `YYYYMMDD`.
public struct VIStatusQuery: RESTRecord {
    /// The documented key set (8 keys), in documented order.
    public static let keys: [String] = [
        "FID_DIV_CLS_CODE", "FID_COND_SCR_DIV_CODE", "FID_MRKT_CLS_CODE", "FID_INPUT_ISCD",
        "FID_RANK_SORT_CLS_CODE", "FID_INPUT_DATE_1", "FID_TRGT_CLS_CODE", "FID_TRGT_EXLS_CLS_CODE",
    ]

    /// The raw values by wire key.
    public var fields: [String: String]

    /// Wraps raw values.
    public init(fields: [String: String]) { self.fields = fields }

    /// Business date, `YYYYMMDD` (`FID_INPUT_DATE_1`).
    public var date: String? {
        get { fields["FID_INPUT_DATE_1"] }
        set { fields["FID_INPUT_DATE_1"] = newValue }
    }

    /// One stock, or empty for the whole market (`FID_INPUT_ISCD`).
    public var code: String? {
        get { fields["FID_INPUT_ISCD"] }
        set { fields["FID_INPUT_ISCD"] = newValue }
    }

    /// The whole market, both directions, both kinds, on `date`.
    public static func wholeMarket(date: String) -> VIStatusQuery {
        VIStatusQuery(fields: [
            "FID_DIV_CLS_CODE": "0", "FID_COND_SCR_DIV_CODE": "20139", "FID_MRKT_CLS_CODE": "0",
            "FID_INPUT_ISCD": "", "FID_RANK_SORT_CLS_CODE": "0", "FID_INPUT_DATE_1": date,
            "FID_TRGT_CLS_CODE": "", "FID_TRGT_EXLS_CLS_CODE": "",
        ])
    }
}
