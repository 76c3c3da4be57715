import Foundation

/// The simulated KRX universe: every listed stock of the trading day, sorted by code.
///
/// About 950 KOSPI and 1,650 KOSDAQ share lines at scale 1 (protocol.md §8.1), always including the
/// real large caps of `WellKnownListings`; the rest are synthetic with unique 6-digit codes that
/// never collide with the real ones. Generation is a pure function of the seed and the scale.
public struct SimulatedUniverse: Sendable {
    /// All listings, sorted by code; a stock's position here is its index in `MarketModel`.
    public let listings: [Listing]
    private let indexByCode: [String: Int]

    /// Stock lines at scale 1, KOSPI (including preferred shares).
    public static let fullKOSPICount = 950
    /// Stock lines at scale 1, KOSDAQ.
    public static let fullKOSDAQCount = 1_650

    /// Wraps prepared listings (sorted by code, KOSPI200 flags set by the caller or recomputed here).
    public init(listings: [Listing]) {
        var sorted = listings.sorted { $0.code < $1.code }
        Self.markKOSPI200(&sorted)
        self.listings = sorted
        var map: [String: Int] = [:]
        map.reserveCapacity(sorted.count)
        for (i, listing) in sorted.enumerated() { map[listing.code] = i }
        indexByCode = map
    }

    /// Generates the universe for `seed`; `scale` multiplies the synthetic listing counts
    /// (0.1 gives a ~260-stock universe for tests; the well-known names are always there).
    public init(seed: UInt64, scale: Double = 1.0) {
        var rng = SeededGenerator(seed: seed, stream: 0x554E_4956)  // "UNIV"
        var usedCodes = Set(WellKnownListings.all.map(\.code))
        var usedNames = Set(WellKnownListings.all.map(\.name))
        var listings = WellKnownListings.all.map { Self.realListing($0, rng: &rng) }
        for market in Market.allCases {
            let full = market == .kospi ? Self.fullKOSPICount : Self.fullKOSDAQCount
            let present = listings.filter { $0.market == market }.count
            let target = max(present, Int((Double(full) * scale).rounded()))
            var made = present
            while made < target {
                let common = Self.syntheticListing(market: market, rng: &rng, codes: &usedCodes, names: &usedNames)
                listings.append(common)
                made += 1
                // About 6 % of KOSPI commons also list a preferred share (code ending in 5, name + 우).
                if market == .kospi, made < target, rng.nextUnit() < 0.06 {
                    let preferred = Self.preferredListing(of: common, rng: &rng)
                    if usedCodes.insert(preferred.code).inserted {
                        listings.append(preferred)
                        made += 1
                    }
                }
            }
        }
        self.init(listings: listings)
    }

    /// Number of listings.
    public var count: Int { listings.count }

    /// The index of a code, or nil if the code is not listed.
    @inline(__always)
    public func index(of code: String) -> Int? { indexByCode[code] }

    /// The listing for a code.
    public func listing(_ code: String) -> Listing? { indexByCode[code].map { listings[$0] } }

    /// Number of listings in a market.
    public func count(in market: Market) -> Int { listings.lazy.filter { $0.market == market }.count }

    // MARK: - Generation

    private static func markKOSPI200(_ listings: inout [Listing]) {
        let kospi = listings.indices.filter { listings[$0].market == .kospi }
        let largest = kospi.sorted {
            (listings[$0].marketCapitalization, listings[$1].code) > (listings[$1].marketCapitalization, listings[$0].code)
        }.prefix(200)
        for i in listings.indices { listings[i].isKOSPI200 = false }
        for i in largest { listings[i].isKOSPI200 = true }
    }

    private static func realListing(_ known: WellKnownListing, rng: inout SeededGenerator) -> Listing {
        let price = KRXRules.roundToTick(Double(known.price) * Foundation.exp(0.05 * rng.nextNormal()))
        let shares = Int64(known.millionShares * 1_000_000)
        let turnover = 0.003 * Foundation.exp(0.6 * rng.nextNormal())
        return makeListing(code: known.code, name: known.name, market: known.market, sector: known.sector,
                           shares: shares, price: price, turnover: turnover, rng: &rng)
    }

    private static func syntheticListing(market: Market, rng: inout SeededGenerator,
                                         codes: inout Set<String>, names: inout Set<String>) -> Listing {
        let sector = Sector.allCases[rng.nextInt(below: Sector.allCases.count)]
        var code: String
        repeat {
            // Common shares end in 0; KOSPI codes start 00–09, KOSDAQ 01–49 (as the real ranges roughly do).
            let head = market == .kospi ? rng.nextInt(below: 10) : 1 + rng.nextInt(below: 49)
            code = String(format: "%02d%03d0", head, rng.nextInt(below: 1000))
        } while !codes.insert(code).inserted
        let name = SyntheticNames.make(sector: sector, rng: &rng, taken: &names)
        let isKOSPI = market == .kospi
        let median = isKOSPI ? 18_000.0 : 9_000.0
        let rawPrice = min(900_000, max(1_000, median * Foundation.exp(1.05 * rng.nextNormal())))
        let shares = Int64(min(isKOSPI ? 2e9 : 5e8, max(2e6, (isKOSPI ? 30e6 : 18e6) * Foundation.exp(0.9 * rng.nextNormal()))))
        let turnover = min(0.12, max(0.0002, (isKOSPI ? 0.004 : 0.008) * Foundation.exp(1.1 * rng.nextNormal())))
        return makeListing(code: code, name: name, market: market, sector: sector, shares: shares,
                           price: KRXRules.roundToTick(rawPrice), turnover: turnover, rng: &rng)
    }

    private static func preferredListing(of common: Listing, rng: inout SeededGenerator) -> Listing {
        var preferred = common
        preferred.code = String(common.code.dropLast()) + "5"
        preferred.name = common.name + "우"
        preferred.listedShares = max(500_000, common.listedShares / Int64(5 + rng.nextInt(below: 10)))
        preferred.previousClose = KRXRules.roundToTick(max(1_000, Double(common.previousClose) * rng.nextDouble(in: 0.55...0.9)))
        preferred.averageDailyVolume = max(1_000, common.averageDailyVolume / 8)
        preferred.previousDayVolume = max(1_000, common.previousDayVolume / 8)
        preferred.activity = max(0.03, common.activity / 3)
        return preferred
    }

    private static func makeListing(code: String, name: String, market: Market, sector: Sector, shares: Int64,
                                    price: Int, turnover: Double, rng: inout SeededGenerator) -> Listing {
        // Heavy tail: log-normal turnover on log-normal share counts.
        let adv = max(1_000, Int64(Double(shares) * turnover))
        let previousDay = max(1_000, Int64(Double(adv) * Foundation.exp(0.12 * rng.nextNormal())))
        let tradedValue = Double(adv) * Double(price)
        // Trades per second grow with the square root of traded value: ~5/s for 1조 KRW a day, ~0.05/s for 1억.
        let activity = min(40, max(0.03, 0.05 * (tradedValue / 1e8).squareRoot()))
        let capLog = Foundation.log10(max(1e9, Double(shares) * Double(price)))
        let volatility = min(0.035, max(0.01, 0.035 - 0.005 * (capLog - 10)))
        let beta = min(2, max(0.3, 1 + 0.3 * rng.nextNormal()))
        return Listing(code: code, name: name, market: market, sector: sector, listedShares: shares,
                       previousClose: price, averageDailyVolume: adv, previousDayVolume: previousDay,
                       activity: activity, dailyVolatility: volatility, beta: beta)
    }
}
