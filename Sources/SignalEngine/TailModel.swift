import Foundation

/// The extreme tail of a standardized statistic, fitted on a pool of similar stocks (peaks over a
/// threshold): the empirical share `fraction` of samples at or beyond `threshold` (the pool's top
/// `TailHistogram.level`, once that holds `TailHistogram.minimumExceedances` samples), and beyond
/// it a generalized Pareto law, P(U ≥ u) = fraction × (1 + ξ (u − threshold) / σ)^(−1/ξ)
/// (Pickands–Balkema–de Haan: the excesses over a high threshold of any ordinary law are
/// generalized Pareto; Embrechts, Klüppelberg & Mikosch, *Modelling Extremal Events*, 1997, §6.5),
/// ξ and σ by probability-weighted moments (Hosking & Wallis, Technometrics 29, 1987).
///
/// Why: 1-minute returns and trade sizes of stocks have power-law tails (returns ≈ 3, the
/// "inverse cubic law", Gopikrishnan et al. 1999: ξ ≈ 1/3; trade sizes ≈ 1.5, Gopikrishnan et al.
/// 2000: docs/market-statistics.md), so a Gaussian or Student-t tail on the stock's own mean and
/// deviation puts the budget's 1e-5 threshold orders of magnitude too low. A day's pool holds a few
/// samples at the 1e-5 level, and those would be the day's real events, not chance; its top 1 % is
/// mostly chance, and the law carries it down to the budget's probability. ξ is kept at or above 0
/// (an exponential tail at the lightest: a bounded law's endpoint is no budget) and below 0.9.
public struct TailFit: Sendable, Equatable {
    /// Standardized value at the fit's base, and the share of samples at or beyond it.
    public var threshold: Double
    public var fraction: Double
    /// The excesses' generalized Pareto shape ξ (0 = exponential; 1/α for a power law of index α)
    /// and scale σ.
    public var shape: Double
    public var scale: Double

    public init(threshold: Double, fraction: Double, shape: Double, scale: Double) {
        self.threshold = threshold; self.fraction = fraction
        self.shape = min(max(shape, 0), 0.9); self.scale = max(scale, 1e-9)
    }

    /// P(U ≥ u) beyond the base; nil below it (where the empirical body is not kept).
    public func tailProbability(_ u: Double) -> Double? {
        guard u >= threshold else { return nil }
        let excess = (u - threshold) / scale
        if shape < 1e-9 { return fraction * exp(-excess) }
        return fraction * pow(1 + shape * excess, -1 / shape)
    }

    /// The u with P(U ≥ u) = p; the base itself for p at or above `fraction` (a looser per-test
    /// probability than the fit reaches: the base is the conservative answer).
    public func quantile(_ p: Double) -> Double {
        guard p < fraction else { return threshold }
        guard p > 0 else { return .infinity }
        let ratio = fraction / p
        if shape < 1e-9 { return threshold + scale * log(ratio) }
        return threshold + scale / shape * (pow(ratio, shape) - 1)
    }
}

/// A pool's standardized samples on a logarithmic grid (50 bins a decade from 0.1 to 10⁴, the last
/// bin open-ended): bounded memory, deterministic, O(1) per sample; fitted (`TailFit`) when asked
/// (`refit()`: `NullBook` asks once per folded minute), so the fit depends on the samples, not on the
/// order they came in.
public struct TailHistogram: Sendable {
    public static let lower = 0.1
    public static let binsPerDecade = 50.0
    public static let bins = 250
    /// The share of samples the fit rests on, and the fewest exceedances it takes.
    public static let level = 0.01
    public static let minimumExceedances = 20

    public private(set) var counts = [Int](repeating: 0, count: bins)
    /// Every sample, those below the grid's lower edge (and non-positive ones) included.
    public private(set) var total = 0
    /// The fit as of the last `refit()`.
    public private(set) var fit: TailFit?

    public init() {}

    /// Folds in one standardized value (its magnitude for a two-sided statistic, the signed value for
    /// an upper-tailed one: a negative value counts in the total only).
    public mutating func observe(_ u: Double) {
        guard !u.isNaN else { return }
        total += 1
        if u >= Self.lower {
            let index = u.isFinite ? Int((log10(u / Self.lower) * Self.binsPerDecade).rounded(.down)) : Self.bins - 1
            counts[min(Self.bins - 1, max(0, index))] += 1
        }
    }

    /// Fits the samples so far (nil while too few), keeps and returns the fit.
    @discardableResult
    public mutating func refit() -> TailFit? {
        fit = Self.fit(counts: counts, total: total)
        return fit
    }

    /// The lower edge of bin `index`.
    static func edge(_ index: Double) -> Double { lower * pow(10, index / binsPerDecade) }

    /// The generalized Pareto law of the excesses over the lower edge of the bin where the top
    /// `level` of the samples begins, by probability-weighted moments on the grid (each sample at its
    /// bin's geometric middle, ranked within the bin): a₀ = E[Y], a₁ = E[Y (1 − F(Y))], ξ = 2 − a₀ /
    /// (a₀ − 2a₁), σ = 2a₀a₁ / (a₀ − 2a₁). Nil while the top `level` holds fewer than
    /// `minimumExceedances` samples (2,000 samples in all: under a
    /// minute of the universe's).
    static func fit(counts: [Int], total: Int) -> TailFit? {
        guard Double(total) * level >= Double(minimumExceedances) else { return nil }
        let wanted = Int((level * Double(total)).rounded(.up))
        var exceedances = 0, base = -1
        for index in stride(from: counts.count - 1, through: 0, by: -1) {
            exceedances += counts[index]
            if exceedances >= wanted { base = index; break }
        }
        guard base >= 0 else { return nil }
        let threshold = edge(Double(base))
        let n = Double(exceedances)
        var below = 0.0, a0 = 0.0, a1 = 0.0
        for index in base..<counts.count where counts[index] > 0 {
            let c = Double(counts[index])
            let excess = edge(Double(index) + 0.5) - threshold
            // Σ over the bin's ranks i = below+1 … below+c of (1 − (i − 0.35) / n): plotting positions.
            let weights = c - (c * below + c * (c + 1) / 2 - 0.35 * c) / n
            a0 += c * excess
            a1 += weights * excess
            below += c
        }
        a0 /= n; a1 /= n
        let denominator = a0 - 2 * a1
        guard a0 > 0, denominator > 0 else { return nil }
        return TailFit(threshold: threshold, fraction: n / Double(total), shape: 2 - a0 / denominator,
                       scale: 2 * a0 * a1 / denominator)
    }
}
