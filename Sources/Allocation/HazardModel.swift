import Foundation

/// An online logistic regression: P(a stock fires a signal of any kind in the next horizon) from
/// its `HazardFeatures` vector. Deterministic (plain SGD, fixed order), no packages.
///
/// The intercept is per time-of-day window: the strategy table's windows become the prior base
/// rates the model starts from (`priorRate`), and each window's intercept then learns its own rate.
/// The starting weights are a prior too (`priorWeights`): every feature the heat score already
/// trusts pushes the hazard up, so the model ranks sensibly before it has seen a label.
public struct HazardModel: Sendable, Equatable {
    public private(set) var weights: [Double]
    /// Window name → intercept (log-odds).
    public private(set) var intercepts: [String: Double]
    public var learningRate: Double
    /// L2 pull of the weights back to their prior, per update (keeps a quiet day from erasing it).
    public var regularization: Double
    public let priorWeights: [Double]
    let defaultIntercept: Double
    public private(set) var updates = 0
    /// Averaged SGD (Polyak–Ruppert, as a moving average over about `averagingSpan` updates):
    /// predictions use the average, which removes the jitter a constant step leaves in the last
    /// weights (measured: 5–8 points of calibration error without it), yet still follows the day.
    public var averagingSpan: Double
    public private(set) var averageWeights: [Double]
    public private(set) var averageIntercepts: [String: Double]
    /// The Platt step from the base log-odds to a calibrated chance, learned on held-out outcomes
    /// (`recordOutcome`); `isRecalibrating` false keeps the base model's probability.
    public private(set) var recalibration = HazardRecalibration()
    public var isRecalibrating: Bool

    /// - Parameters:
    ///   - priorRates: window name → prior probability of a signal within the horizon.
    ///   - defaultRate: prior for a window not in `priorRates`.
    public init(priorWeights: [Double] = HazardModel.defaultPriorWeights, priorRates: [String: Double] = [:],
                defaultRate: Double = 0.02, learningRate: Double = 0.05, regularization: Double = 1e-4,
                averagingSpan: Double = 5_000, recalibrates: Bool = true) {
        precondition(priorWeights.count == HazardFeatures.count, "one prior weight per hazard feature")
        self.weights = priorWeights
        self.priorWeights = priorWeights
        self.intercepts = priorRates.mapValues(Self.logit)
        self.defaultIntercept = Self.logit(defaultRate)
        self.learningRate = learningRate
        self.regularization = regularization
        self.averagingSpan = averagingSpan
        self.averageWeights = priorWeights
        self.averageIntercepts = intercepts
        self.isRecalibrating = recalibrates
    }

    /// Positive prior weights in `HazardFeatures.layout` order; sector mates and the stock's own
    /// recent signals weigh most (activity clusters), the WebSocket ones least (few stocks have them).
    public static let defaultPriorWeights: [Double] = [
        0.8, 0.8, 0.8,   // change, acceleration, momentum
        1.0, 1.2, 0.3,   // volume against the same time yesterday, recent pace, range extreme
        0.8, 0.6,        // near VI, near limit
        0.6, 0.6,        // ranking, ranking climb
        0.4, 0.3, 0.2,   // trade rate, book imbalance, spread
        1.5,             // sector mates fired
        1.5, 0.8,        // own signal recency, count
    ]

    static func logit(_ p: Double) -> Double {
        let q = min(max(p, 1e-6), 1 - 1e-6)
        return log(q / (1 - q))
    }

    static func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

    func intercept(_ window: String) -> Double { intercepts[window] ?? defaultIntercept }

    static func probability(_ features: [Double], weights: [Double], intercept: Double) -> Double {
        sigmoid(logit(features, weights: weights, intercept: intercept))
    }

    /// The probability for `features` in `window` (averaged weights, then the recalibration).
    public func predict(_ features: [Double], window: String) -> Double {
        calibrated(Self.logit(features, weights: averageWeights, intercept: averagedIntercept(window)))
    }

    /// The averaged intercept `predict` uses for `window`: look it up once per decision, then
    /// `predict(_:intercept:)` each stock (the same figure as `predict(_:window:)`, bit for bit).
    public func averagedIntercept(_ window: String) -> Double { averageIntercepts[window] ?? intercept(window) }

    /// The probability for `features` (`HazardFeatures.count` places) with a looked-up intercept.
    public func predict(_ features: UnsafeBufferPointer<Double>, intercept: Double) -> Double {
        calibrated(baseLogit(features, intercept: intercept))
    }

    /// The base model's log-odds for `features` (before the recalibration).
    public func baseLogit(_ features: UnsafeBufferPointer<Double>, intercept: Double) -> Double {
        averageWeights.withUnsafeBufferPointer { Self.logit(features, weights: $0, intercept: intercept) }
    }

    /// The chance for the base model's log-odds `z`: recalibrated when that is on.
    public func calibrated(_ z: Double) -> Double {
        isRecalibrating ? recalibration.probability(logit: z) : Self.sigmoid(z)
    }

    /// A held-out outcome for the recalibration: the base log-odds predicted when the example was
    /// stored, before its label was known. Call `refitRecalibration()` after a batch.
    public mutating func recordOutcome(logit z: Double, fired: Bool) { recalibration.record(logit: z, fired: fired) }

    public mutating func refitRecalibration() { recalibration.refit() }

    static func logit(_ features: [Double], weights: [Double], intercept: Double) -> Double {
        features.withUnsafeBufferPointer { x in weights.withUnsafeBufferPointer { logit(x, weights: $0, intercept: intercept) } }
    }

    static func logit(_ features: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>, intercept: Double) -> Double {
        var z = intercept
        for i in 0..<min(weights.count, features.count) { z += weights[i] * features[i] }
        return z
    }

    static func probability(_ features: UnsafeBufferPointer<Double>, weights: UnsafeBufferPointer<Double>, intercept: Double) -> Double {
        sigmoid(logit(features, weights: weights, intercept: intercept))
    }

    /// One SGD step of the log loss on a labelled example (`HazardFeatures.count` features), then
    /// the running average: a batch of one.
    public mutating func update(_ features: [Double], window: String, fired: Bool) {
        precondition(features.count == HazardFeatures.count, "one value per hazard feature")
        features.withUnsafeBufferPointer { update(batch: $0, window: window, fired: [fired]) }
    }

    /// SGD steps of the log loss on a batch of labelled examples of one window, in order, each
    /// followed by the running average (a true mean of the iterates at first, a moving average over
    /// `averagingSpan` updates afterwards); the window's intercepts are looked up once and no array
    /// is made per example. `features` holds the examples' vectors one after another
    /// (`HazardFeatures.count` each).
    public mutating func update(batch features: UnsafeBufferPointer<Double>, window: String, fired: [Bool]) {
        let width = HazardFeatures.count
        let examples = min(fired.count, features.count / width)
        guard examples > 0 else { return }
        var intercept = intercept(window)
        var averageIntercept = averageIntercepts[window] ?? defaultIntercept
        let (learningRate, regularization, span) = (learningRate, regularization, max(averagingSpan, 1))
        var updates = updates
        priorWeights.withUnsafeBufferPointer { prior in
            weights.withUnsafeMutableBufferPointer { weights in
                averageWeights.withUnsafeMutableBufferPointer { average in
                    let n = min(weights.count, width)
                    for e in 0..<examples {
                        let x = UnsafeBufferPointer(rebasing: features[(e * width)..<((e + 1) * width)])
                        let error = Self.probability(x, weights: UnsafeBufferPointer(weights), intercept: intercept) - (fired[e] ? 1 : 0)
                        intercept = intercept - learningRate * error
                        for i in 0..<n {
                            weights[i] -= learningRate * (error * x[i] + regularization * (weights[i] - prior[i]))
                        }
                        updates += 1
                        let rate = 1 / min(Double(updates), span)
                        for i in 0..<weights.count { average[i] += (weights[i] - average[i]) * rate }
                        averageIntercept = averageIntercept + (intercept - averageIntercept) * rate
                    }
                }
            }
        }
        self.updates = updates
        intercepts[window] = intercept
        averageIntercepts[window] = averageIntercept
    }
}
