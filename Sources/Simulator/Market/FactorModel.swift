import Foundation

/// Sector and theme co-movement: every stock's own (non-market) variance is split into a sector
/// part, a theme part for theme members, and an idiosyncratic rest, so stocks of one sector (and of
/// one theme) move together more than stocks of different sectors — the industry-factor structure of
/// multi-factor risk models (King 1966; Cont 2001 §5 on cross-correlations). Sources:
/// docs/market-statistics.md.
///
/// The shares keep each stock's total variance that of its listing. Factor shocks are drawn once per
/// step from their own stream; an in-play theme's factor is livelier.
struct FactorModel: Sendable {
    /// Share of a stock's own variance that is its sector's.
    static let sectorShare = 0.20
    /// Share of a theme member's own variance that is its theme's.
    static let themeShare = 0.15
    /// Standard-deviation multiplier of an in-play theme's factor.
    static let inPlayBoost = 2.0

    /// Per stock: index of the sector factor, of the theme factor (or -1) and the loadings as fractions of σ.
    private let sectorOf: [Int]
    private let themeOf: [Int]
    private let themeScale: [Double]
    let sectorLoading: Double
    let themeLoading: Double
    /// The idiosyncratic share of σ, per stock (lower for theme members).
    let idiosyncratic: [Double]
    private var sectorShock: [Double]
    private var themeShock: [Double]
    private var rng: SeededGenerator

    init(universe: SimulatedUniverse, themes: MarketThemes, seed: UInt64) {
        let sectors = Sector.allCases
        sectorOf = universe.listings.map { listing in sectors.firstIndex(of: listing.sector) ?? 0 }
        themeOf = themes.themeOf
        themeScale = themes.themes.map { $0.inPlay ? Self.inPlayBoost : 1 }
        sectorLoading = Self.sectorShare.squareRoot()
        themeLoading = Self.themeShare.squareRoot()
        idiosyncratic = themes.themeOf.map { ($0 < 0 ? 1 - Self.sectorShare : 1 - Self.sectorShare - Self.themeShare).squareRoot() }
        sectorShock = Array(repeating: 0, count: sectors.count)
        themeShock = Array(repeating: 0, count: themes.themes.count)
        rng = SeededGenerator(seed: seed, stream: 0x4641_4354_4F52)  // "FACTOR"
    }

    /// Draws the step's factor shocks, each a standard normal times `scale`.
    mutating func draw(scale: Double) {
        for k in sectorShock.indices { sectorShock[k] = scale * rng.nextNormal() }
        for k in themeShock.indices { themeShock[k] = scale * themeScale[k] * rng.nextNormal() }
    }

    /// Stock `i`'s common (sector + theme) shock, in units of its σ per step.
    @inline(__always)
    func common(_ i: Int) -> Double {
        let theme = themeOf[i]
        return sectorLoading * sectorShock[sectorOf[i]] + (theme < 0 ? 0 : themeLoading * themeShock[theme])
    }
}
