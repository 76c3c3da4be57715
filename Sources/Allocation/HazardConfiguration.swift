/// How slots are scored: the heat score of what already happened, the expected value of a slot
/// (hazard × value of real-time data), or a blend of the two.
public enum SlotScoring: String, Codable, Sendable, CaseIterable {
    case heat
    case hazard
    case blend
}

/// The `allocator.hazard` section: the online hazard model and how its predictions are used.
public struct HazardConfiguration: Codable, Sendable, Equatable {
    /// The horizon (market seconds) the hazard predicts a signal within.
    public var horizonSeconds: Double = 60
    /// Feature groups switched on (`sweep`, `websocket`, `sector`, `history`); drop one for ablation.
    public var features: [HazardFeatureGroup] = HazardFeatureGroup.allCases
    /// Market seconds between two stored examples of a stock (the learning sample rate).
    public var sampleSeconds: Double = 15
    /// SGD step and the L2 pull towards the prior weights.
    public var learningRate: Double = 0.05
    public var regularization: Double = 1e-4
    /// Platt recalibration of the hazard on held-out outcomes (`HazardRecalibration`); off = the
    /// base logistic model's probability (over-confident at the top, as `bench hazard` measured).
    public var recalibrate = true
    /// Window name → prior chance of a signal within the horizon; other windows use `defaultPriorRate`.
    /// The open and the close are busier than lunch.
    public var priorRates: [String: Double] = ["pre_market": 0.03, "gap_focus": 0.05, "leaders": 0.03,
                                               "volume_watch": 0.015, "closing_trend": 0.03, "closing_auction": 0.03]
    public var defaultPriorRate: Double = 0.02
    /// Market seconds within which a sector mate's signal counts as "fired recently".
    public var sectorWindowSeconds: Double = 300
    /// Slot score: `heat` (today's), `hazard` (expected value) or `blend`.
    public var slotScoring: SlotScoring = .heat
    /// Share of the expected-value score in a `blend` (0…1).
    public var blendWeight: Double = 0.5
    /// Market seconds a typical signal takes to develop: a REST delay much shorter than this costs
    /// little, a delay as long costs the signal (the value of real-time data saturates).
    public var signalDevelopSeconds: Double = 20

    /// With the hazard scoring, a non-holder at this hazard or more is polled at `medium` priority.
    /// A calibrated chance (`recalibrate`): 0.02 is about 7× the base rate `bench hazard` measured
    /// (0.27–0.30 % of stocks fire within 60 s), and what the base model's old threshold of 0.1
    /// maps to under seed 41's fitted recalibration (slope 0.54, offset −2.72), so about the same
    /// stocks are polled faster as before the recalibration.
    public var mediumHazard: Double = 0.02

    public init() {}

    public var featureGroups: Set<HazardFeatureGroup> { Set(features) }

    /// Checks ranges; `fail(key, reason)` builds the configuration error.
    func validate(_ fail: (String, String) -> Error) throws {
        for (key, value) in [("horizonSeconds", horizonSeconds), ("sampleSeconds", sampleSeconds),
                             ("sectorWindowSeconds", sectorWindowSeconds), ("signalDevelopSeconds", signalDevelopSeconds)]
        where !(value > 0 && value.isFinite) {
            throw fail("hazard.\(key)", "must be a positive number of seconds, got \(value)")
        }
        guard learningRate > 0, learningRate <= 1 else { throw fail("hazard.learningRate", "must be in (0, 1], got \(learningRate)") }
        guard regularization >= 0, regularization.isFinite else { throw fail("hazard.regularization", "must not be negative, got \(regularization)") }
        guard (0...1).contains(mediumHazard) else { throw fail("hazard.mediumHazard", "must be a probability in [0, 1], got \(mediumHazard)") }
        guard (0...1).contains(blendWeight) else { throw fail("hazard.blendWeight", "must be in [0, 1], got \(blendWeight)") }
        for (name, rate) in priorRates.sorted(by: { $0.key < $1.key }) where !(rate > 0 && rate < 1) {
            throw fail("hazard.priorRates.\(name)", "must be a probability in (0, 1), got \(rate)")
        }
        guard defaultPriorRate > 0, defaultPriorRate < 1 else { throw fail("hazard.defaultPriorRate", "must be in (0, 1), got \(defaultPriorRate)") }
    }

    /// A fresh model with this configuration's priors.
    public func makeModel() -> HazardModel {
        HazardModel(priorRates: priorRates, defaultRate: defaultPriorRate, learningRate: learningRate, regularization: regularization,
                    recalibrates: recalibrate)
    }
}
