/// The query of volume-rank (FHPST01710000); defaults are the documented example (all 전체).
public struct VolumeRankQuery: RESTRecord {
    /// The documented key set (11 keys), in documented order.
    public static let keys: [String] = [
        "FID_COND_MRKT_DIV_CODE", "FID_COND_SCR_DIV_CODE", "FID_INPUT_ISCD", "FID_DIV_CLS_CODE",
        "FID_BLNG_CLS_CODE", "FID_TRGT_CLS_CODE", "FID_TRGT_EXLS_CLS_CODE", "FID_INPUT_PRICE_1",
        "FID_INPUT_PRICE_2", "FID_VOL_CNT", "FID_INPUT_DATE_1",
    ]

    /// The raw values by wire key.
    public var fields: [String: String]

    /// Wraps raw values.
    public init(fields: [String: String]) { self.fields = fields }

    /// Market: J KRX, NX NXT (`FID_COND_MRKT_DIV_CODE`).
    public var market: String? {
        get { fields["FID_COND_MRKT_DIV_CODE"] }
        set { fields["FID_COND_MRKT_DIV_CODE"] = newValue }
    }

    /// Sector: 0000 all, 0001 KOSPI, 1001 KOSDAQ (`FID_INPUT_ISCD`).
    public var sector: String? {
        get { fields["FID_INPUT_ISCD"] }
        set { fields["FID_INPUT_ISCD"] = newValue }
    }

    /// 0 average volume, 1 volume increase, 3 amount… (`FID_BLNG_CLS_CODE`).
    public var sortClass: String? {
        get { fields["FID_BLNG_CLS_CODE"] }
        set { fields["FID_BLNG_CLS_CODE"] = newValue }
    }

    /// The documented example query.
    public static let standard = VolumeRankQuery(fields: [
        "FID_COND_MRKT_DIV_CODE": "J",
        "FID_COND_SCR_DIV_CODE": "20171",
        "FID_INPUT_ISCD": "0000",
        "FID_DIV_CLS_CODE": "0",
        "FID_BLNG_CLS_CODE": "0",
        "FID_TRGT_CLS_CODE": "111111111",
        "FID_TRGT_EXLS_CLS_CODE": "000000",
        "FID_INPUT_PRICE_1": "0",
        "FID_INPUT_PRICE_2": "0",
        "FID_VOL_CNT": "0",
        "FID_INPUT_DATE_1": "0",
    ])
}
