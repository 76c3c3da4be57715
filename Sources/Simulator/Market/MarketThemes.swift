import Foundation

/// The day's themes (테마): groups of stocks, across sectors, that Korean traders buy and sell together
/// (2차전지, 방산, 초전도체 …). Membership is public knowledge (brokers publish theme lists), so the
/// bench reads it like a sector; what a theme does today is the model's business.
///
/// About 15 % of KOSDAQ and 7 % of KOSPI stocks belong to one theme, mostly one of the theme's anchor
/// sectors. Each theme is *in play* today with probability 0.25; an in-play theme has 1–3 bursts:
/// a leader surges 3–10 % over 3–15 minutes, and each mate follows with probability 0.6, after a lag of
/// about 2 minutes, with its own fraction of the move and a busier tape. Sources and the reasoning
/// behind the figures: docs/market-statistics.md. A pure function of the seed and the universe.
public struct MarketThemes: Sendable {
    /// One theme and its members (universe indices, ascending).
    public struct Theme: Sendable {
        public var name: String
        public var members: [Int]
        /// Whether the theme is in play today (bursts and a livelier theme factor).
        public var inPlay: Bool
    }

    public let themes: [Theme]
    /// The theme of each stock (an index into `themes`), or -1.
    public let themeOf: [Int]

    /// Theme names and the sectors most of their members come from.
    static let catalogue: [(name: String, anchors: [Sector])] = [
        ("2차전지", [.batteries, .chemicals]), ("AI반도체", [.semiconductors, .electronics]),
        ("HBM", [.semiconductors]), ("방산", [.machinery, .shipbuilding, .electronics]),
        ("원전", [.energy, .machinery, .construction]), ("초전도체", [.electronics, .steel]),
        ("로봇", [.machinery, .electronics]), ("비만치료제", [.pharmaceuticals, .biotech]),
        ("항암신약", [.biotech, .pharmaceuticals]), ("우주항공", [.machinery, .electronics]),
        ("대북경협", [.construction, .steel, .transportation]), ("수소차", [.automobiles, .chemicals]),
        ("자율주행", [.automobiles, .electronics]), ("K-뷰티", [.consumer, .chemicals]),
        ("K-콘텐츠", [.entertainment, .games]), ("메타버스", [.games, .internet]),
        ("조선기자재", [.shipbuilding, .machinery]), ("리튬", [.batteries, .steel]),
        ("양자컴퓨터", [.telecom, .electronics]), ("탄소중립", [.energy, .chemicals]),
        ("저출산", [.consumer, .pharmaceuticals]), ("스테이블코인", [.internet, .securities]),
    ]

    public init(universe: SimulatedUniverse, seed: UInt64) {
        var rng = SeededGenerator(seed: seed, stream: 0x5448_454D_45)  // "THEME"
        let catalogue = Self.catalogue
        var members = [[Int]](repeating: [], count: catalogue.count)
        var themeOf = [Int](repeating: -1, count: universe.count)
        for (i, listing) in universe.listings.enumerated() {
            let chance = listing.market == .kosdaq ? 0.15 : (listing.isKOSPI200 ? 0.04 : 0.07)
            guard rng.nextUnit() < chance else { continue }
            let anchored = catalogue.indices.filter { catalogue[$0].anchors.contains(listing.sector) }
            let theme = !anchored.isEmpty && rng.nextUnit() < 0.75
                ? anchored[rng.nextInt(below: anchored.count)] : rng.nextInt(below: catalogue.count)
            members[theme].append(i)
            themeOf[i] = theme
        }
        themes = catalogue.indices.map { k in
            Theme(name: catalogue[k].name, members: members[k], inPlay: rng.nextUnit() < 0.25)
        }
        self.themeOf = themeOf
    }

    /// The in-play themes' bursts as event effects (not planted events: they are the market's own
    /// weather, not in `events.jsonl`). Drawn from their own stream, so they never move the planted events.
    func burstEffects(seed: UInt64) -> [EventEffect] {
        var rng = SeededGenerator(seed: seed, stream: 0x4255_5253_54)  // "BURST"
        var out: [EventEffect] = []
        for theme in themes where theme.inPlay && theme.members.count >= 2 {
            let bursts = 1 + min(2, rng.nextPoisson(mean: 0.8))
            for _ in 0..<bursts {
                let start = (KRXRules.continuousStart + 300 + rng.nextUnit() * (KRXRules.continuousLength - 2_400)).rounded(.down)
                let duration = rng.nextDouble(in: 180...900).rounded()
                let direction = rng.nextUnit() < 0.75 ? 1.0 : -1.0
                let move = direction * rng.nextDouble(in: 0.03...0.10)
                let leader = theme.members[rng.nextInt(below: theme.members.count)]
                for stock in theme.members {
                    let isLeader = stock == leader
                    guard isLeader || rng.nextUnit() < 0.6 else { continue }
                    let lag = isLeader ? 0 : min(600, rng.nextExponential(mean: 120)).rounded()
                    let share = isLeader ? 1 : min(1.5, 0.6 * Foundation.exp(0.4 * rng.nextNormal()))
                    let busier = isLeader ? 5.0 : rng.nextDouble(in: 2...4)
                    var e = EventEffect(stock: stock, start: start + lag, end: start + lag + duration)
                    e.drift = Foundation.log(1 + move * share) / duration
                    e.rate = Foundation.pow(busier, 0.6)
                    e.size = Foundation.pow(busier, 0.4)
                    out.append(e)
                }
            }
        }
        return out
    }
}
