import Foundation
import Testing
import System
@testable import SignalEngine

/// A Student-t draw with `degrees` (an integer) degrees of freedom, scaled to unit variance when
/// `degrees` > 2: a normal over the root of a χ² (the sum of `degrees` squared normals) per degree.
func studentT(_ degrees: Int, _ generator: inout SplitMix64) -> Double {
    let z = gaussian(&generator)
    var chi2 = 0.0
    for _ in 0..<degrees { let g = gaussian(&generator); chi2 += g * g }
    let t = z / (chi2 / Double(degrees)).squareRoot()
    return degrees > 2 ? t / (Double(degrees) / Double(degrees - 2)).squareRoot() : t
}

/// The t (unit variance when ν > 2) with P(|T| ≥ t) = p, by bisection on the exact tail.
func studentQuantile(_ p: Double, degrees: Int) -> Double {
    var low = 0.0, high = 1e6
    for _ in 0..<200 {
        let mid = (low + high) / 2
        if StudentTail.probability(mid, degrees: Double(degrees), tail: .both) > p { low = mid } else { high = mid }
    }
    return degrees > 2 ? high / (Double(degrees) / Double(degrees - 2)).squareRoot() : high
}

@Suite struct TailModelTests {
    /// Pareto samples with α = 3 (P(U ≥ u) = u^−3 from 1; ξ = 1/3): the fitted shape within 0.08,
    /// and the extrapolated 1e-5 quantile (46.4) within 25 % — from 200,000 samples, the 1e-5 level
    /// holds 2 of them, so the read-off would be noise; the fitted law is what carries it.
    @Test func fit_onAParetoTail_recoversItsShape_andItsExtremeQuantile() {
        var generator = SplitMix64(seed: 11)
        var histogram = TailHistogram()
        for _ in 0..<200_000 {
            let uniform = max(Double(generator.next() >> 11) / Double(1 << 53), 1e-300)
            histogram.observe(pow(uniform, -1.0 / 3))
        }
        histogram.refit()
        let fit = try! #require(histogram.fit)
        #expect(abs(fit.shape - 1.0 / 3) < 0.08, "ξ \(fit.shape)")
        let truth = pow(1e-5, -1.0 / 3)
        #expect(abs(fit.quantile(1e-5) / truth - 1) < 0.25, "quantile \(fit.quantile(1e-5)) vs \(truth)")
        #expect(abs(fit.tailProbability(fit.quantile(1e-5))! / 1e-5 - 1) < 1e-9)
    }

    /// A Gaussian's excesses are near-exponential (ξ → 0): the fitted threshold at 1e-5 (two-sided
    /// 4.42) errs high, not low — fewer chance signals, not more — by under 20 % (seed 12: 5.16, so
    /// on a Gaussian universe a move must be about 5.2 σ, not 4.4 σ, to pass a 1e-5 budget).
    @Test func fit_onAGaussian_isSlightlyConservative() {
        var generator = SplitMix64(seed: 12)
        var histogram = TailHistogram()
        for _ in 0..<200_000 { histogram.observe(abs(gaussian(&generator))) }
        histogram.refit()
        let fit = try! #require(histogram.fit)
        #expect(fit.quantile(1e-5) >= NormalTail.quantile(1e-5, tail: .both), "\(fit)")
        #expect(fit.quantile(1e-5) < 4.42 * 1.2, "too conservative: \(fit.quantile(1e-5)) \(fit)")
    }

    @Test func histogram_withTooFewSamples_hasNoFit_andNegativeOrNaNValuesAreSafe() {
        var histogram = TailHistogram()
        for i in 0..<1_900 { histogram.observe(Double(i % 150) / 10) }
        histogram.observe(-3); histogram.observe(.nan); histogram.observe(.infinity)
        #expect(histogram.refit() == nil && histogram.fit == nil)
        #expect(histogram.total == 1_902)
        #expect(TailHistogram.fit(counts: histogram.counts, total: histogram.total) == nil)
    }

    /// The p-value under a tail fit: continuous at the base, non-increasing everywhere, within [0, 1],
    /// for both kinds of tail; the confidence (1 − p) therefore monotone in the statistic.
    @Test func confidence_withATailFit_isMonotoneInTheStatistic() {
        let fit = TailFit(threshold: 2.5, fraction: 0.01, shape: 1.0 / 3, scale: 0.8)
        for tail in [NullTail.both, .upper] {
            let calibration = NullCalibration(location: 0.3, scale: 2, critical: fit.quantile(2e-5), tail: tail, degrees: 40,
                                              fit: fit)
            let values = stride(from: -60.0, through: 60, by: 0.01).map { $0 }
            let ordered = values.sorted { calibration.standardized($0) < calibration.standardized($1) }
            let confidences = ordered.map(calibration.confidence)
            #expect(zip(confidences, confidences.dropFirst()).allSatisfy { $0 <= $1 }, "\(tail)")
            #expect(confidences.allSatisfy { $0 >= 0 && $0 <= 1 })
            let base = 0.3 + 2 * fit.threshold
            #expect(abs(calibration.pValue(base) - 0.01) < 1e-12)
            #expect(abs(calibration.pValue(base - 1e-9) - 0.01) < 1e-6, "continuous at the base")
            #expect(calibration.pValue(0.3 + 2 * fit.quantile(2e-5)) < 2.0001e-5)
        }
    }
}
