/// The three indices the model computes, by KIS sector code.
public enum MarketIndex: String, Sendable, CaseIterable {
    case kospi = "0001"
    case kosdaq = "1001"
    case kospi200 = "2001"

    /// The KIS index name.
    public var name: String {
        switch self {
        case .kospi: "종합"
        case .kosdaq: "KOSDAQ"
        case .kospi200: "KOSPI200"
        }
    }

    /// Whether a listing is a member: capitalisation-weighted over listed shares.
    public func contains(_ listing: Listing) -> Bool {
        switch self {
        case .kospi: listing.market == .kospi
        case .kosdaq: listing.market == .kosdaq
        case .kospi200: listing.isKOSPI200
        }
    }
}

/// An index snapshot (protocol.md §5.6): value, day range, volume and the advance/decline counts.
public struct IndexQuote: Sendable, Equatable {
    public var index: MarketIndex
    public var time: Double
    public var value: Double
    public var previousClose: Double
    public var open: Double
    public var high: Double
    public var low: Double
    public var cumulativeVolume: Int64
    public var cumulativeAmount: Int64
    public var advancing: Int
    public var declining: Int
    public var unchanged: Int
    public var upperLimitCount: Int
    public var lowerLimitCount: Int

    public var code: String { index.rawValue }
    public var change: Double { value - previousClose }
    public var changeRate: Double { change * 100 / previousClose }
}

/// Which stocks a ranking considers: everything, one market, or KOSPI200.
public enum MarketFilter: Sendable, Equatable {
    case all, kospi, kosdaq, kospi200

    /// From a KIS `FID_INPUT_ISCD`: `0000` all, `0001` KOSPI, `1001` KOSDAQ, `2001` KOSPI200.
    public init?(indexCode: String) {
        switch indexCode {
        case "0000": self = .all
        case "0001": self = .kospi
        case "1001": self = .kosdaq
        case "2001": self = .kospi200
        default: return nil
        }
    }

    func includes(_ listing: Listing) -> Bool {
        switch self {
        case .all: true
        case .kospi: listing.market == .kospi
        case .kosdaq: listing.market == .kosdaq
        case .kospi200: listing.isKOSPI200
        }
    }
}
