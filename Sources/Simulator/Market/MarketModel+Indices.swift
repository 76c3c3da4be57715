/// Running state of one capitalisation-weighted index: value = previous close × cap / base cap.
struct IndexTracker: Sendable {
    var index: MarketIndex
    var previousClose: Double
    /// Σ listed shares × previous close over the members.
    var baseCapitalization = 0.0
    /// Σ listed shares × current price, kept up to date on every price change.
    var capitalization = 0.0
    var open = 0.0
    var high = 0.0
    var low = 0.0

    var value: Double { baseCapitalization == 0 ? previousClose : previousClose * capitalization / baseCapitalization }
}

extension MarketModel {
    /// Membership bit of each index, in `MarketIndex.allCases` order.
    static func membershipBit(_ index: MarketIndex) -> UInt8 {
        switch index {
        case .kospi: 1
        case .kosdaq: 2
        case .kospi200: 4
        }
    }

    mutating func setUpIndices() {
        indexTrackers = MarketIndex.allCases.map { index in
            IndexTracker(index: index, previousClose: configuration.indexPreviousCloses[index.rawValue] ?? 1_000)
        }
        membership = universe.listings.map { listing in
            MarketIndex.allCases.reduce(UInt8(0)) { $0 | (($1.contains(listing)) ? Self.membershipBit($1) : 0) }
        }
        for i in 0..<count {
            for k in indexTrackers.indices where membership[i] & Self.membershipBit(indexTrackers[k].index) != 0 {
                indexTrackers[k].baseCapitalization += shares[i] * Double(previousClose[i])
                indexTrackers[k].capitalization += shares[i] * Double(previousClose[i])
            }
        }
    }

    /// Adds a price change of stock `i` to the capitalisation of its indices.
    @inline(__always)
    mutating func moveCapitalization(_ i: Int, by delta: Double) {
        let bits = membership[i]
        if bits & 1 != 0 { indexTrackers[0].capitalization += shares[i] * delta }
        if bits & 2 != 0 { indexTrackers[1].capitalization += shares[i] * delta }
        if bits & 4 != 0 { indexTrackers[2].capitalization += shares[i] * delta }
    }

    /// Extends each index's day range to its current value (after the open).
    mutating func updateIndexRanges() {
        for k in indexTrackers.indices {
            let value = indexTrackers[k].value
            if indexTrackers[k].open == 0 {
                indexTrackers[k].open = value
                indexTrackers[k].high = value
                indexTrackers[k].low = value
            } else {
                indexTrackers[k].high = max(indexTrackers[k].high, value)
                indexTrackers[k].low = min(indexTrackers[k].low, value)
            }
        }
    }

    /// A snapshot of an index: value, range, member volume and the advance/decline counts.
    public func indexQuote(_ index: MarketIndex) -> IndexQuote {
        let k = MarketIndex.allCases.firstIndex(of: index)!
        let tracker = indexTrackers[k]
        let bit = Self.membershipBit(index)
        var quote = IndexQuote(index: index, time: now, value: tracker.value, previousClose: tracker.previousClose,
                               open: tracker.open, high: tracker.high, low: tracker.low, cumulativeVolume: 0,
                               cumulativeAmount: 0, advancing: 0, declining: 0, unchanged: 0,
                               upperLimitCount: 0, lowerLimitCount: 0)
        for i in 0..<count where membership[i] & bit != 0 {
            quote.cumulativeVolume += volume[i]
            quote.cumulativeAmount += amount[i]
            if price[i] > previousClose[i] { quote.advancing += 1 }
            else if price[i] < previousClose[i] { quote.declining += 1 }
            else { quote.unchanged += 1 }
            if price[i] >= upperLimit[i] { quote.upperLimitCount += 1 }
            if price[i] <= lowerLimit[i] { quote.lowerLimitCount += 1 }
        }
        return quote
    }

    /// An index snapshot by KIS code (`0001`, `1001`, `2001`).
    public func indexQuote(code: String) -> IndexQuote? {
        MarketIndex(rawValue: code).map { indexQuote($0) }
    }
}
