/// A KRX market division.
public enum Market: String, Sendable, CaseIterable, Codable {
    case kospi = "KOSPI"
    case kosdaq = "KOSDAQ"
}

/// An industry sector (about twenty, coarse, in the spirit of KRX 업종 대분류).
public enum Sector: String, Sendable, CaseIterable, Codable {
    case semiconductors, electronics, automobiles, chemicals, batteries
    case biotech, pharmaceuticals, internet, games, entertainment
    case banking, securities, insurance, construction, steel
    case shipbuilding, energy, telecom, consumer, machinery, transportation

    /// The Korean sector name, as KIS shows it in `bstp_kor_isnm`.
    public var koreanName: String {
        switch self {
        case .semiconductors: "반도체"
        case .electronics: "전기전자"
        case .automobiles: "운수장비"
        case .chemicals: "화학"
        case .batteries: "2차전지"
        case .biotech: "바이오"
        case .pharmaceuticals: "의약품"
        case .internet: "서비스업"
        case .games: "게임"
        case .entertainment: "오락문화"
        case .banking: "은행"
        case .securities: "증권"
        case .insurance: "보험"
        case .construction: "건설업"
        case .steel: "철강금속"
        case .shipbuilding: "조선"
        case .energy: "에너지"
        case .telecom: "통신업"
        case .consumer: "유통업"
        case .machinery: "기계"
        case .transportation: "운수창고"
        }
    }
}

/// One listed stock of the simulated universe, with the static facts of the trading day.
///
/// Everything here is fixed before the open; what moves during the day lives in `MarketModel`.
public struct Listing: Sendable, Equatable {
    /// 6-digit short code (단축코드), e.g. `005930`.
    public var code: String
    /// Korean name (한글명), e.g. `삼성전자`.
    public var name: String
    public var market: Market
    public var sector: Sector
    /// Shares listed (상장주수).
    public var listedShares: Int64
    /// Previous close (= base price 기준가), on the tick grid.
    public var previousClose: Int
    /// Average daily volume in shares (heavy-tailed across the universe).
    public var averageDailyVolume: Int64
    /// Yesterday's total volume (for relative volume and `prdy_vol`).
    public var previousDayVolume: Int64
    /// Average trades per second in the continuous session: the stock's activity level.
    public var activity: Double
    /// Standard deviation of the intraday log return over a whole day, excluding events.
    public var dailyVolatility: Double
    /// Sensitivity to the market-wide factor.
    public var beta: Double
    /// Whether the stock belongs to KOSPI200 (the 200 largest KOSPI listings by capitalisation).
    public var isKOSPI200: Bool = false

    /// Previous-close market capitalisation in KRW.
    public var marketCapitalization: Double { Double(listedShares) * Double(previousClose) }
    /// The upper limit price of the day.
    public var upperLimit: Int { KRXRules.upperLimit(base: previousClose) }
    /// The lower limit price of the day.
    public var lowerLimit: Int { KRXRules.lowerLimit(base: previousClose) }
}

/// A well-known real listing: fixed code, name, market and sector; approximate shares and price.
struct WellKnownListing: Sendable {
    var code: String
    var name: String
    var market: Market
    var sector: Sector
    /// Millions of shares listed (approximate).
    var millionShares: Double
    /// Approximate previous close in KRW.
    var price: Int
}
