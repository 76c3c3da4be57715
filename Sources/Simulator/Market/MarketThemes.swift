import Foundation

/// The day's themes (테마): groups of stocks, across sectors, that Korean traders buy and sell together
/// (2차전지, 방산, 초전도체 …). Membership is public knowledge (brokers publish theme lists), so the
/// bench reads it like a sector; what a theme does today is the model's business.
///
/// About 15 % of KOSDAQ and 7 % of KOSPI stocks belong to one theme, mostly one of the theme's anchor
/// sectors. 3–6 themes are *in play* today; an in-play theme has 2–4 bursts:
/// a leader surges 5–15 % over 2–10 minutes, and each mate follows with probability 0.6, after a lag of
/// about 1.5 minutes, with its own fraction of the move (about 0.7) and a busier tape. Sources and the reasoning
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
        // Every day has its hot themes: 3–6 of them, the rest quiet.
        var order = Array(catalogue.indices)
        for k in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(k, rng.nextInt(below: k + 1)) }
        let hot = Set(order.prefix(3 + rng.nextInt(below: 4)))
        themes = catalogue.indices.map { k in Theme(name: catalogue[k].name, members: members[k], inPlay: hot.contains(k)) }
        self.themeOf = themeOf
    }

    /// The in-play themes' bursts as event effects (not planted events: they are the market's own
    /// weather, not in `events.jsonl`). Drawn from their own stream, so they never move the planted events.
    func burstEffects(seed: UInt64) -> [EventEffect] {
        var rng = SeededGenerator(seed: seed, stream: 0x4255_5253_54)  // "BURST"
        var out: [EventEffect] = []
        for theme in themes where theme.inPlay && theme.members.count >= 2 {
            let bursts = 2 + min(2, rng.nextPoisson(mean: 0.7))
            for _ in 0..<bursts {
                let start = (KRXRules.continuousStart + 300 + rng.nextUnit() * (KRXRules.continuousLength - 2_400)).rounded(.down)
                let duration = rng.nextDouble(in: 120...600).rounded()
                let direction = rng.nextUnit() < 0.75 ? 1.0 : -1.0
                let move = direction * rng.nextDouble(in: 0.05...0.15)
                let leader = theme.members[rng.nextInt(below: theme.members.count)]
                for stock in theme.members {
                    let isLeader = stock == leader
                    guard isLeader || rng.nextUnit() < 0.6 else { continue }
                    let lag = isLeader ? 0 : min(480, rng.nextExponential(mean: 90)).rounded()
                    let share = isLeader ? 1 : min(1.5, 0.7 * Foundation.exp(0.4 * rng.nextNormal()))
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
