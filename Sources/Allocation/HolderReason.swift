/// Why a stock holds its slot, in a few words: its tier under the window's strategy, then the
/// largest terms of the score that put it there. Pure, so the wording is tested without a market.
///
/// `opening tier 1 · heat: gap 38, volume 21` (heat points of 100 each ingredient adds)
/// `opening tier 2 · hazard 31.0 %: sector_fired +1.4, signal_recency +0.9` (log-odds each feature adds)
public enum HolderReason {
    /// One term of a score and what it adds.
    public struct Term: Sendable, Equatable {
        public var name: String
        public var value: Double
        public init(_ name: String, _ value: Double) { self.name = name; self.value = value }
    }

    /// At most this many terms are named.
    public static let termsShown = 2

    /// The heat score's ingredients as points of its 0–100, largest first; zero ones left out.
    public static func heatTerms(_ c: HeatComponents, weights w: StrategyWeights) -> [Term] {
        let total = w.gap + w.volume + w.momentum + w.ranking + w.signal + w.performance
        guard total > 0 else { return [] }
        let terms = [Term("gap", w.gap * c.gap), Term("volume", w.volume * c.volume), Term("momentum", w.momentum * c.momentum),
                     Term("ranking", w.ranking * c.ranking), Term("signal", w.signal * c.signal),
                     Term("performance", w.performance * c.performance)]
        return largest(terms.map { Term($0.name, $0.value / total * 100) })
    }

    /// The log-odds each hazard feature adds (weight × feature), largest first; none that lower it.
    public static func hazardTerms(features: [Double], weights: [Double]) -> [Term] {
        let n = min(features.count, weights.count, HazardFeatures.count)
        return largest((0..<n).map { Term(HazardFeatures.layout[$0].name, weights[$0] * features[$0]) })
    }

    static func largest(_ terms: [Term]) -> [Term] {
        terms.filter { $0.value > 0 }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.name < $1.name }
    }

    /// `heat: gap 38, volume 21`; `heat: nothing scored` when no ingredient is above zero.
    public static func heat(_ terms: [Term]) -> String {
        guard !terms.isEmpty else { return "heat: nothing scored" }
        return "heat: " + terms.prefix(termsShown).map { "\($0.name) \(Int($0.value.rounded()))" }.joined(separator: ", ")
    }

    /// `hazard 31.0 %: sector_fired +1.4, signal_recency +0.9`; only the base rate when no feature adds.
    public static func hazard(_ probability: Double, terms: [Term]) -> String {
        let head = "hazard " + fixed(probability * 100) + " %"
        guard !terms.isEmpty else { return head + ": the window's base rate" }
        return head + ": " + terms.prefix(termsShown).map { "\($0.name) +" + fixed($0.value) }.joined(separator: ", ")
    }

    /// The whole reason: `<strategy> tier <n> · <explanations…>`, then `watch list` and `minimum dwell`
    /// when those kept it (a watched stock's bonus; an incumbent inside its dwell is not displaced).
    public static func compose(strategy: String, tier: Int, explanations: [String], watched: Bool, inDwell: Bool) -> String {
        var parts = ["\(strategy) tier \(tier)"] + explanations
        if watched { parts.append("watch list") }
        if inDwell { parts.append("minimum dwell") }
        return parts.joined(separator: " · ")
    }

    /// `x` with one decimal (`31.4`): the reasons are built at every rebalance, and
    /// `String(format:)` was most of their cost.
    static func fixed(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        let tenths = Int((abs(x) * 10).rounded())
        return (x < 0 && tenths > 0 ? "-" : "") + "\(tenths / 10).\(tenths % 10)"
    }
}
