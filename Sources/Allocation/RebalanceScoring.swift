/// A rebalance's slot scores and what they were made of: enough to give each holder its hazard and
/// to say why it holds its slot (`HolderReason`), without scoring the universe twice.
struct RebalanceScoring {
    /// Every universe stock's slot score (0–100), by position.
    var scores: [Double]
    /// Every stock's hazard when the scoring uses it (`hazard`, `blend`); nil under `heat`.
    var hazards: [Double]?
    var mode: SlotScoring
    /// The figures the hazard reads, computed once per rebalance; nil for policies that score no
    /// stock (`static`).
    var context: HazardTracker.SectorContext?
    /// The window's hazard intercept at the rebalance (looking the window up parses its start).
    var intercept: Double

    /// Stock `i`'s hazard: the scoring's own figure, else computed for it alone (heat scoring).
    func hazard(of i: Int, state: AllocatorState, now: Double) -> Double? {
        if let hazards, i < hazards.count { return hazards[i] }
        return context.map { state.hazard(of: i, context: $0, intercept: intercept, now: now) }
    }

    /// Why stock `i` scores as it does: the largest terms of its heat, of its hazard, or of both
    /// (`blend`), worded by `HolderReason`.
    func explain(_ i: Int, state: AllocatorState, window: WindowStrategy, now: Double) -> [String] {
        var out: [String] = []
        if mode != .hazard {
            let activity = state.activity[i]
            if activity.dataTime == 0, let persisted = activity.persistedScore {
                out.append("heat \(Int(persisted.rounded())) kept from the last run")
            } else {
                let components = HeatScorer().components(of: activity, now: now, inAuction: AllocatorState.isAuction(now))
                out.append(HolderReason.heat(HolderReason.heatTerms(components, weights: window.weights)))
            }
        }
        if mode != .heat, let context {
            let (hazard, terms) = state.hazardTerms(i, context: context, intercept: intercept, now: now)
            out.append(HolderReason.hazard(hazard, terms: terms))
        }
        return out
    }
}
