import IPC

/// One REST call the scheduler wants made next.
public enum PollCall: Sendable, Equatable, Hashable {
    /// intstock-multprice for up to 30 codes (real environment).
    case quotes([String])
    /// inquire-price for one code (virtual environment, or the single-stock policy).
    case quote(String)
    /// inquire-asking-price-exp-ccn for one code (order book + expected trade).
    case orderBook(String)
    /// A discovery call: volume-rank or fluctuation (rise / fall).
    case ranking(RankingKind)
    /// inquire-index-price for one sector index (`0001` KOSPI, `1001` KOSDAQ, `2001` KOSPI200).
    case index(String)
    /// inquire-vi-status: the whole market's latest VIs (real only).
    case viStatus

    /// The stock codes this call refreshes (quotes only).
    public var quoteCodes: [String] {
        switch self {
        case .quotes(let codes): codes
        case .quote(let code): [code]
        default: []
        }
    }
}

/// The discovery rankings, named as in the IPC `ranking` message.
public enum RankingKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case volume, rise, fall
}

/// How a call ended, as the scheduler needs to know it.
public enum PollOutcome: Sendable, Equatable {
    /// The call answered; these requested codes came back (the others count as failures).
    case received(Set<String>)
    /// The whole call failed for reasons that say nothing about its codes (network, rate limit,
    /// server error, token): they are simply due again.
    case callFailed
    /// The call was refused for its codes (bad request on a single code): each counts a failure.
    case codesRejected
}

/// What the scheduler decided about exclusions after an outcome.
public struct ExclusionChange: Sendable, Equatable {
    public var excluded: [String]
    public init(excluded: [String] = []) { self.excluded = excluded }
    public var isEmpty: Bool { excluded.isEmpty }
}

/// Market phases that change what the poller asks for.
public enum MarketPhase: Sendable, Equatable {
    /// 08:30–09:00 KST: the opening call auction; expected opening prices are swept universe-wide.
    case preOpen
    /// 15:20–15:30 KST: the closing call auction (expected prices are meaningful).
    case closingAuction
    case other

    /// The phase at market time `time`.
    public static func at(_ time: Double) -> MarketPhase {
        let second = MarketClock.secondsOfDay(time)
        if second >= 8.5 * 3600 && second < 9 * 3600 { return .preOpen }
        if second >= 15 * 3600 + 20 * 60 && second < 15.5 * 3600 { return .closingAuction }
        return .other
    }

    /// Whether expected (auction) prices are meaningful.
    public var isAuction: Bool { self != .other }
}
