import Foundation

/// The resting limit-order book of one stock: the single description behind both the 10 levels kis-sim
/// publishes (H0STASP0, asking-price) and the levels a large marketable order sweeps through
/// (`OrderSweep`). Pure: quantities are functions of a depth scale, the level, a hashed uniform per
/// (stock, market second, level, side) and the time since the side was last swept.
///
/// - **Shape** (Bouchaud, Mézard & Potters 2002; Tóth et al. 2011): the mean quantity grows away from
///   the best, linearly here (`1 + 0.25 × level`), so the cumulative depth to k ticks grows like k² and a
///   sweep's reach grows like the square root of its size (the concave impact of Lillo, Farmer &
///   Mantegna 2003; Gabaix et al. 2003, 2006). Beyond the 10 published levels the same profile continues.
/// - **Scale**: in units of the stock's own mean trade size (thin books for thinly traded stocks), times
///   (capitalisation / 1,000억)^0.4: Lillo, Farmer & Mantegna (2003) find that liquidity for a given
///   normalised trade size grows as a power of capitalisation.
/// - **Resilience**: a swept side refills as 1 − e^(−Δt/30 s) (Degryse et al. 2005; Large 2007: books
///   recover from aggressive orders within seconds to minutes).
///
/// docs/market-statistics.md ("Order book and sweeps") lists the sources and the modelling choices.
public enum OrderBookDepth {
    /// Mean best-level quantity in mean trade sizes at the reference capitalisation (before the noise).
    public static let bestLevelTrades = 4.0
    /// Growth of the mean quantity per level away from the best.
    public static let slopePerLevel = 0.25
    /// Exponent of the capitalisation scaling of depth (Lillo, Farmer & Mantegna 2003).
    public static let capitalizationExponent = 0.4
    /// The capitalisation at which the scaling factor is 1 (1,000억 KRW, a mid-sized KRX listing).
    public static let referenceCapitalization = 1e11
    /// Bounds of the capitalisation factor (the smallest and the largest listings).
    public static let capitalizationFactorRange = 0.3...30.0
    /// Mean of the per-level noise 0.3 + 2.4 u² for u uniform on [0, 1).
    public static let noiseMean = 1.1
    /// Refill time constant of a swept side, market seconds.
    public static let refillSeconds = 30.0

    /// The depth scale of a stock in shares: the mean best-level quantity before the noise.
    public static func scale(meanTradeSize: Double, capitalization: Double) -> Double {
        let ratio = max(capitalization, 1) / referenceCapitalization
        let factor = min(capitalizationFactorRange.upperBound,
                         max(capitalizationFactorRange.lowerBound, Foundation.pow(ratio, capitalizationExponent)))
        return max(1, meanTradeSize) * bestLevelTrades * factor
    }

    /// The resting quantity at `level` (0 = the best) for a hashed uniform `unit` and a refill fraction.
    @inline(__always)
    public static func quantity(scale: Double, level: Int, unit u: Double, refill: Double = 1) -> Int64 {
        let mean = scale * (1 + slopePerLevel * Double(level)) * refill
        return max(1, Int64((mean * (0.3 + 2.4 * u * u)).rounded()))
    }

    /// The uniform of one level of one side at one market second of a stock (its stream seed).
    @inline(__always)
    public static func unit(seed: UInt64, second: UInt64, level: Int, isAsk: Bool) -> Double {
        let h = SeededGenerator.mix(seed ^ second, UInt64(level * 2 + (isAsk ? 1 : 0)))
        return Double(h >> 11) * 0x1.0p-53
    }

    /// The fraction of its usual depth a side holds `elapsed` seconds after a sweep emptied it.
    @inline(__always)
    public static func refill(elapsed: Double) -> Double {
        guard elapsed >= 0 else { return 1 }
        return max(0.02, 1 - Foundation.exp(-elapsed / refillSeconds))
    }

    /// The expected quantity of levels 0..<`levels` (with the noise's mean).
    public static func expectedDepth(scale: Double, levels: Int) -> Double {
        let n = Double(levels)
        return scale * noiseMean * (n + slopePerLevel * n * (n - 1) / 2)
    }
}
