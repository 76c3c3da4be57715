import Foundation
import Testing
@testable import Allocation
import System

/// The Platt step that makes the hazard a probability one can read as a chance.
@Suite struct HazardRecalibrationTests {
    /// A base model that counts one piece of evidence ten times (ten features that all carry the
    /// same signal `s`, with the prior's weights held by a strong pull), as correlated features do:
    /// its top predictions are far too high. Outcomes drawn with a known probability σ(−4.5 + 2s).
    /// Learned online on held-out outcomes, the recalibrated hazard comes within a few points of
    /// the realised rate in every populated decile, while the base model's top decile does not.
    @Test func recalibration_ofAnOverConfidentModel_onAKnownStream_isWithinAFewPoints() {
        var generator = SplitMix64(seed: 2241)
        func uniform() -> Double { Double(generator.next() % 1_000_000) / 1_000_000 }
        func draw() -> (features: [Double], fired: Bool) {
            let s = uniform() < 0.5 ? uniform() : 0
            var x = [Double](repeating: 0, count: HazardFeatures.count)
            for i in 0..<10 { x[i] = s }
            return (x, uniform() < HazardModel.sigmoid(-4.5 + 2 * s))
        }
        var model = HazardModel(learningRate: 0.01, regularization: 0.5)
        for _ in 0..<100 {  // 100 batches of 2,000: predict first (held out), then learn
            let batch = (0..<2_000).map { _ in draw() }
            for e in batch { model.recordOutcome(logit: logit(model, e.features), fired: e.fired) }
            for e in batch { model.update(e.features, window: "w", fired: e.fired) }
            model.refitRecalibration()
        }
        #expect(model.recalibration.isActive)
        var recalibrated = HazardCalibration(), base = HazardCalibration()
        for _ in 0..<200_000 {
            let e = draw()
            recalibrated.record(predicted: model.predict(e.features, window: "w"), fired: e.fired)
            base.record(predicted: HazardModel.sigmoid(logit(model, e.features)), fired: e.fired)
        }
        for (i, bin) in recalibrated.bins.enumerated() where bin.count >= 1_000 {
            #expect(abs(bin.meanPredicted! - bin.realisedRate!) < 0.03,
                    "decile \(i): predicted \(bin.meanPredicted!) realised \(bin.realisedRate!) over \(bin.count)")
        }
        #expect(recalibrated.expectedCalibrationError! < 0.01, "ECE \(recalibrated.expectedCalibrationError!)")
        // The stream does make the base model over-confident (else this test would prove nothing).
        let top = base.bins.last { $0.count >= 1_000 }!
        #expect(top.meanPredicted! - top.realisedRate! > 0.1, "base top decile \(top.meanPredicted!) → \(top.realisedRate!)")
    }

    func logit(_ model: HazardModel, _ features: [Double]) -> Double {
        features.withUnsafeBufferPointer { model.baseLogit($0, intercept: model.averagedIntercept("w")) }
    }

    /// The map is increasing whatever it learns, so the stocks' order (the slots) is kept; before
    /// enough outcomes it is the identity.
    @Test func recalibration_keepsTheOrder_andIsTheIdentityUntilFitted() {
        var platt = HazardRecalibration()
        for z in stride(from: -8.0, through: 4, by: 0.5) { #expect(platt.probability(logit: z) == HazardModel.sigmoid(z)) }
        // Outcomes that fire *less* as z grows: the best increasing fit is nearly flat, never decreasing.
        var generator = SplitMix64(seed: 5)
        for _ in 0..<20_000 {
            let z = Double(generator.next() % 1_000) / 100 - 8
            platt.record(logit: z, fired: Double(generator.next() % 1_000) / 1_000 < HazardModel.sigmoid(-2 - 0.3 * (z + 8)))
        }
        platt.refit()
        #expect(platt.isActive)
        #expect(platt.slope >= HazardRecalibration.minimumSlope)
        var previous = -1.0
        for z in stride(from: -8.0, through: 4, by: 0.25) {
            let p = platt.probability(logit: z)
            #expect(p > previous, "not increasing at \(z)")
            previous = p
        }
    }

    /// The switch: with `recalibrate` off the model's chance is the base logistic one.
    @Test func recalibrationOff_leavesTheBaseProbability() {
        var configuration = HazardConfiguration()
        configuration.recalibrate = false
        var model = configuration.makeModel()
        let x = [Double](repeating: 0.5, count: HazardFeatures.count)
        for n in 0..<5_000 { model.recordOutcome(logit: Double(n % 10) - 5, fired: n % 50 == 0) }
        model.refitRecalibration()
        #expect(model.recalibration.isActive)
        let z = x.withUnsafeBufferPointer { model.baseLogit($0, intercept: model.averagedIntercept("leaders")) }
        #expect(model.predict(x, window: "leaders") == HazardModel.sigmoid(z))
    }
}
