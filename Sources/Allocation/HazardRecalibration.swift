import Foundation

/// Platt scaling of the hazard model, learned online on held-out outcomes: the calibrated chance is
/// σ(slope · z + offset), where z is the base model's log-odds *as predicted when the example was
/// stored*, before its label was known (so every outcome it learns from is out of sample).
///
/// Why: the base logistic regression sums its features' evidence, and several of them move together
/// (change, acceleration, momentum, nearness to the VI price; sector mates and the stock's own recent
/// signal), so at the top its log-odds count the same evidence several times. `bench hazard` measured
/// it: predictions of 0.93 realised 3 % of the signals the model learns from. A slope below 1 is the
/// correction (Platt 1999; Niculescu-Mizil & Caruana 2005, "Predicting good probabilities with
/// supervised learning", for boosted and additive models' distortion). Being increasing, it keeps
/// the order of the stocks at any instant, so the slots' ranking is what it was.
///
/// The outcomes are kept in bins of the log-odds (`binWidth` wide from `lowestLogit`: counts,
/// firings and the sum of z), and the two parameters are refitted by Newton's method on the bins
/// (the maximum-likelihood fit over every outcome so far, with a weak pull to the identity) after
/// each labelled batch: a few hundred operations, whatever the number of examples.
public struct HazardRecalibration: Sendable, Equatable {
    public static let binWidth = 0.25
    public static let lowestLogit = -14.0
    public static let binCount = 88  // up to +8

    var counts = [Double](repeating: 0, count: binCount)
    var fired = [Double](repeating: 0, count: binCount)
    var logitSums = [Double](repeating: 0, count: binCount)
    public private(set) var outcomes = 0
    public private(set) var positives = 0
    public private(set) var slope = 1.0
    public private(set) var offset = 0.0
    /// Outcomes (and firings among them) needed before the fit is used; until then the base
    /// model's probability stands (identity).
    public var minimumOutcomes = 2_000
    public var minimumPositives = 20
    /// Pseudo-outcomes pulling (slope, offset) towards the identity (1, 0): keeps the fit defined early.
    public var priorStrength = 50.0
    /// The slope is kept at least this, so the map stays increasing (the ranking is kept).
    public static let minimumSlope = 0.02

    public init() {}

    /// Whether the fit is in use.
    public var isActive: Bool { outcomes >= minimumOutcomes && positives >= minimumPositives }

    /// The calibrated chance for the base model's log-odds `z`.
    public func probability(logit z: Double) -> Double {
        isActive ? HazardModel.sigmoid(slope * z + offset) : HazardModel.sigmoid(z)
    }

    /// One held-out outcome: the log-odds predicted when the example was stored, and whether it fired.
    public mutating func record(logit z: Double, fired didFire: Bool) {
        guard z.isFinite else { return }
        let bin = min(max(Int(((z - Self.lowestLogit) / Self.binWidth).rounded(.down)), 0), Self.binCount - 1)
        counts[bin] += 1
        logitSums[bin] += z
        outcomes += 1
        if didFire { fired[bin] += 1; positives += 1 }
    }

    /// Refits (slope, offset): Newton's method on the binned log loss plus the pull to the identity.
    public mutating func refit(iterations: Int = 8) {
        guard isActive else { return }
        var a = slope, b = offset
        let lambda = priorStrength
        for _ in 0..<iterations {
            var ga = lambda * (a - 1), gb = lambda * b
            var haa = lambda, hab = 0.0, hbb = lambda
            for k in 0..<Self.binCount where counts[k] > 0 {
                let z = logitSums[k] / counts[k]
                let p = HazardModel.sigmoid(a * z + b)
                let residual = counts[k] * p - fired[k]
                ga += residual * z
                gb += residual
                let w = counts[k] * p * (1 - p)
                haa += w * z * z; hab += w * z; hbb += w
            }
            let determinant = haa * hbb - hab * hab
            guard determinant > 0, determinant.isFinite else { break }
            let da = (hbb * ga - hab * gb) / determinant
            let db = (haa * gb - hab * ga) / determinant
            guard da.isFinite, db.isFinite else { break }
            a = max(a - da, Self.minimumSlope)
            b -= db
            if abs(da) < 1e-9, abs(db) < 1e-9 { break }
        }
        if a.isFinite, b.isFinite { slope = a; offset = b }
    }
}
