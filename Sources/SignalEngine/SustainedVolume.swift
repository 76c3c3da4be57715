import System

/// The statistic of `volume_surge`'s burst test, pure: how far *every one* of the last few minutes'
/// volumes stands above the stock's usual minute — the lowest of the recent minutes' volumes over
/// the median minute volume of the baseline before them.
///
/// Why the lowest over the median. Trade sizes are power-law with a tail exponent near 1.5
/// (docs/market-statistics.md: Gopikrishnan et al. 2000), so a window's total volume, or its mean
/// per minute, is as heavy-tailed as one trade: one block print makes it enormous. The lowest of k
/// minutes exceeds x only when every minute does: for independent minutes with tails
/// P(v > x) ~ x^(−α), P(min > x) = P(v > x)^k ~ x^(−kα), a tail k times lighter (elementary; see
/// the order statistics of heavy tails in Embrechts, Klüppelberg & Mikosch, *Modelling Extremal
/// Events*, 1997). Real minutes are not independent (volume clusters: the Hawkes excitation and
/// the information flow of docs/market-statistics.md), so the gain is less than k-fold, which is why
/// the threshold still comes from the stock's measured null. A surge lifts every minute (kis-sim's
/// planted surges: trade rate ×m^0.6 and size ×m^0.4 for 3–10 minutes), so it lifts the lowest as
/// much as the mean; a block lifts one minute and leaves the lowest where it was. The median has
/// the highest breakdown point a location estimator can have, one half (Hampel 1974; Rousseeuw &
/// Croux, JASA 88 (1993) 1273): a block in the baseline, which inflated the old pace yardstick and
/// could hide a surge behind it, does not move it. Both come from cumulative volume at minute
/// boundaries only, so REST quotes every few seconds give them as trades do. (The references are
/// cited from the engineers' knowledge and were not re-checked on this machine.)
public enum SustainedVolume {
    /// The median of `values` (the mean of the middle two for an even count); nil when empty.
    public static func median(_ values: [Int]) -> Double? { Median.of(values.map(Double.init)) }

    /// The lowest of `recent` over `baseline` (shares a minute); nil without both, or when the
    /// baseline is zero (a stock that did not trade in most of its minutes has no usual minute).
    public static func ratio(recent: [Int], baseline: Double?) -> Double? {
        guard let lowest = recent.min(), let baseline, baseline > 0 else { return nil }
        return Double(max(0, lowest)) / baseline
    }
}

extension StockState {
    /// The volumes of up to `count` consecutive whole minutes, newest first: the first ends `before`
    /// seconds before `now`, each next one a minute earlier; it stops where the tape no longer
    /// reaches (a minute needs a sample at or before its start). From cumulative volume alone, so
    /// trades and REST quotes give the same minutes.
    public func minuteVolumes(count: Int, before: Double = 0, now: Double) -> [Int] {
        var volumes: [Int] = []
        var end = now - before
        while volumes.count < count, let last = tape.sample(atOrBefore: end), let first = tape.sample(atOrBefore: end - 60) {
            volumes.append(max(0, last.cumulativeVolume - first.cumulativeVolume))
            end -= 60
        }
        return volumes
    }
}
