import Foundation

/// Large marketable orders and what they do to the book: the power-law tail of order sizes and the walk
/// of one order through the resting levels (`OrderBookDepth`) until it is filled, reaches the daily
/// limit, or would print at a VI threshold. Pure functions, no state.
///
/// - **Sizes**: P(q > x) = (x / x_min)^−1.5, a Pareto tail with the exponent ≈ 1.5 measured for trade
///   and order sizes (Gopikrishnan, Plerou, Gabaix & Stanley 2000; Gabaix et al. 2003, 2006), with
///   x_min = mean / 3 so that the distribution's mean is the stock's mean trade size.
/// - **Impact**: an order's instantaneous move is the levels it consumes (Farmer et al. 2004: large
///   price changes come from orders meeting thin or gapped books). With the book's linear profile the
///   reach grows like √q, concave as Lillo, Farmer & Mantegna (2003) measured for single trades.
/// - **VI**: KRX checks every would-be execution against the bands; the first level that would print at
///   or beyond the dynamic (or static) band stops the sweep and starts the call auction at that price.
public enum OrderSweep {
    /// The tail exponent of order sizes.
    public static let tailExponent = 1.5
    /// Half of a sweep's move is permanent (the latent price moves by half; the rest reverts as the book
    /// refills). A modelling choice between the persistent response to single trades (Bouchaud et al.
    /// 2004) and the partial reversals after extreme intraday moves (Zawadowski, Andor & Kertész 2006).
    public static let permanentShare = 0.5
    /// No walk goes further than this many levels (a safety bound; the ±10 % static band on a 1-won
    /// tick at 1,000 KRW is 100 levels).
    static let maximumLevels = 400

    /// Probability that one order exceeds `threshold`, both in mean trade sizes (P(q > x) with x_min = 1/3).
    public static func exceedance(_ threshold: Double) -> Double {
        let xMin = (tailExponent - 1) / tailExponent
        return threshold <= xMin ? 1 : Foundation.pow(threshold / xMin, -tailExponent)
    }

    /// The size of an order known to exceed `threshold`, from a uniform `unit` in (0, 1]: inverse CDF of
    /// the conditional Pareto tail (u is floored at 10⁻⁹, so at most 10⁶ × the threshold).
    public static func size(above threshold: Double, unit u: Double) -> Double {
        threshold * Foundation.pow(max(u, 1e-9), -1 / tailExponent)
    }

    /// The share of total volume carried by orders larger than `threshold` (mean trade sizes): the
    /// partial mean of the Pareto tail over its mean (1), x × P(q > x) × α / (α − 1).
    public static func volumeShare(above threshold: Double) -> Double {
        let xMin = (tailExponent - 1) / tailExponent
        guard threshold > xMin else { return 1 }
        return min(1, threshold * exceedance(threshold) * tailExponent / (tailExponent - 1))
    }

    /// Where a sweep ends.
    public struct Outcome: Sendable, Equatable {
        /// The last price it prints at, or the would-be price that starts a VI.
        public var price: Int
        /// Shares executed before it stopped.
        public var filled: Int64
        /// Levels it printed at (0 when it triggered at the first).
        public var levels: Int
        /// The VI it triggers, if it reached a band before it was filled.
        public var trigger: VIKind?
    }

    /// Walks a marketable order of `quantity` shares through the opposite side from `best` (the best ask
    /// for a buy, the best bid for a sell), level by level on the tick grid, taking each level's
    /// `levelQuantity(level)`. Stops when filled, at the daily `limit` (the rest is not executed) or
    /// at the first level that would trigger a VI against `lastPrice` / `staticReference`.
    public static func walk(quantity: Int64, isBuy: Bool, best: Int, limit: Int, lastPrice: Int, staticReference: Int,
                            dynamicPermille: Int, levelQuantity: (Int) -> Int64) -> Outcome {
        var remaining = quantity
        var level = 0
        var p = best
        var last = lastPrice
        while remaining > 0, level < maximumLevels {
            if isBuy ? p > limit : p < limit { break }
            if let kind = VolatilityInterruption.trigger(price: p, staticReference: staticReference, lastPrice: lastPrice,
                                                         dynamicPermille: dynamicPermille) {
                return Outcome(price: p, filled: quantity - remaining, levels: level, trigger: kind)
            }
            remaining -= min(remaining, levelQuantity(level))
            last = p
            level += 1
            p = isBuy ? KRXRules.nextTickUp(from: p) : KRXRules.nextTickDown(from: p)
        }
        return Outcome(price: last, filled: quantity - remaining, levels: level, trigger: nil)
    }
}
