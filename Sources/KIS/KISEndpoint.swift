/// A KIS REST endpoint: method, path, tr_id per environment, and query names (protocol.md §2, §5).
public struct KISEndpoint: Sendable, Equatable, Hashable {
    /// A short name for logs (`inquire-price`).
    public var name: String
    /// `GET` or `POST`.
    public var method: String
    /// The path under the REST base.
    public var path: String
    /// The `tr_id` header in the real environment (`nil` for OAuth endpoints).
    public var realTrID: String?
    /// The `tr_id` in the virtual environment, or `nil` when virtual does not support it.
    public var virtualTrID: String?
    /// Query parameter names in documented case (the gateway matches them case-insensitively).
    public var queryNames: [String]

    /// The tr_id to send for an environment (`nil`: not supported there, or none needed).
    public func trID(isVirtual: Bool) -> String? { isVirtual ? virtualTrID : realTrID }

    /// `POST /oauth2/tokenP`.
    public static let tokenP = KISEndpoint(name: "tokenP", method: "POST", path: "/oauth2/tokenP",
                                           realTrID: nil, virtualTrID: nil, queryNames: [])
    /// `POST /oauth2/Approval`.
    public static let approval = KISEndpoint(name: "Approval", method: "POST", path: "/oauth2/Approval",
                                             realTrID: nil, virtualTrID: nil, queryNames: [])
    /// `POST /oauth2/revokeP`.
    public static let revokeP = KISEndpoint(name: "revokeP", method: "POST", path: "/oauth2/revokeP",
                                            realTrID: nil, virtualTrID: nil, queryNames: [])
    /// 주식현재가 시세, real and virtual.
    public static let inquirePrice = KISEndpoint(
        name: "inquire-price", method: "GET", path: "/uapi/domestic-stock/v1/quotations/inquire-price",
        realTrID: "FHKST01010100", virtualTrID: "FHKST01010100",
        queryNames: ["FID_COND_MRKT_DIV_CODE", "FID_INPUT_ISCD"])
    /// 호가/예상체결, real and virtual.
    public static let askingPrice = KISEndpoint(
        name: "inquire-asking-price-exp-ccn", method: "GET",
        path: "/uapi/domestic-stock/v1/quotations/inquire-asking-price-exp-ccn",
        realTrID: "FHKST01010200", virtualTrID: "FHKST01010200",
        queryNames: ["FID_COND_MRKT_DIV_CODE", "FID_INPUT_ISCD"])
    /// 관심종목 멀티종목 시세 (≤ 30 stocks), real only.
    public static let multiPrice = KISEndpoint(
        name: "intstock-multprice", method: "GET", path: "/uapi/domestic-stock/v1/quotations/intstock-multprice",
        realTrID: "FHKST11300006", virtualTrID: nil,
        queryNames: (1...MultiPriceQuery.maximumCount).flatMap { ["FID_COND_MRKT_DIV_CODE_\($0)", "FID_INPUT_ISCD_\($0)"] })
    /// 거래량순위, real only.
    public static let volumeRank = KISEndpoint(
        name: "volume-rank", method: "GET", path: "/uapi/domestic-stock/v1/quotations/volume-rank",
        realTrID: "FHPST01710000", virtualTrID: nil, queryNames: VolumeRankQuery.keys)
    /// 등락률 순위, real only.
    public static let fluctuation = KISEndpoint(
        name: "fluctuation", method: "GET", path: "/uapi/domestic-stock/v1/ranking/fluctuation",
        realTrID: "FHPST01700000", virtualTrID: nil, queryNames: FluctuationQuery.keys)
    /// 업종 지수 현재가, real only (virtual UNCERTAIN). Market code `U`.
    public static let indexPrice = KISEndpoint(
        name: "inquire-index-price", method: "GET", path: "/uapi/domestic-stock/v1/quotations/inquire-index-price",
        realTrID: "FHPUP02100000", virtualTrID: nil, queryNames: ["FID_COND_MRKT_DIV_CODE", "FID_INPUT_ISCD"])
    /// 변동성완화장치(VI) 현황, real only (모의투자 미지원): the day's VIs, latest 30.
    public static let viStatus = KISEndpoint(
        name: "inquire-vi-status", method: "GET", path: "/uapi/domestic-stock/v1/quotations/inquire-vi-status",
        realTrID: "FHPST01390000", virtualTrID: nil, queryNames: VIStatusQuery.keys)

    /// Every endpoint above.
    public static let all: [KISEndpoint] = [
        tokenP, approval, revokeP, inquirePrice, askingPrice, multiPrice, volumeRank, fluctuation, indexPrice, viStatus,
    ]

    /// The endpoint serving `path` (exact match), for a simulator's router.
    public static func matching(path: String) -> KISEndpoint? { all.first { $0.path == path } }

    /// The request headers of a quote call (protocol.md §3.1); `tr_cont` is left out (no paging).
    /// Returns `nil` when the endpoint has no tr_id in that environment (virtual not supported).
    public func quoteHeaders(accessToken: String, appKey: String, appSecret: String, isVirtual: Bool,
                             customerType: String = "P") -> [(name: String, value: String)]? {
        guard let trID = trID(isVirtual: isVirtual) else { return nil }
        return [
            ("content-type", "application/json; charset=utf-8"), ("authorization", "Bearer \(accessToken)"),
            ("appkey", appKey), ("appsecret", appSecret), ("tr_id", trID), ("custtype", customerType),
        ]
    }

    /// The query for single-stock (or single-index) endpoints: `FID_COND_MRKT_DIV_CODE` + `FID_INPUT_ISCD`.
    public static func singleQuery(market: String, code: String) -> [(name: String, value: String)] {
        [("FID_COND_MRKT_DIV_CODE", market), ("FID_INPUT_ISCD", code)]
    }
}

/// The query of intstock-multprice: numbered pairs `FID_COND_MRKT_DIV_CODE_n`/`FID_INPUT_ISCD_n`,
/// 1-based, only as many as stocks (up to 30).
public struct MultiPriceQuery: Sendable, Equatable, Hashable {
    /// KIS: at most 30 stocks per call.
    public static let maximumCount = 30

    /// `(market, code)` pairs in request order (market `J` KRX, `NX` NXT, `UN` 통합).
    public var items: [Item]

    /// One requested stock.
    public struct Item: Sendable, Equatable, Hashable {
        /// Market division code.
        public var market: String
        /// Stock code.
        public var code: String
        /// Creates an item.
        public init(market: String = "J", code: String) { self.market = market; self.code = code }
    }

    /// Creates a query; items beyond 30 are dropped.
    public init(items: [Item]) { self.items = Array(items.prefix(MultiPriceQuery.maximumCount)) }

    /// The query pairs to send, in the numbered order.
    public var queryItems: [(name: String, value: String)] {
        items.enumerated().flatMap { index, item in
            [("FID_COND_MRKT_DIV_CODE_\(index + 1)", item.market), ("FID_INPUT_ISCD_\(index + 1)", item.code)]
        }
    }

    /// Reads a received query (names matched case-insensitively), stopping at the first missing code.
    public init(query: [String: String]) {
        let upper = Dictionary(query.map { ($0.key.uppercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        var items: [Item] = []
        for number in 1...MultiPriceQuery.maximumCount {
            guard let code = upper["FID_INPUT_ISCD_\(number)"], !code.isEmpty else { break }
            items.append(Item(market: upper["FID_COND_MRKT_DIV_CODE_\(number)"] ?? "J", code: code))
        }
        self.items = items
    }
}
