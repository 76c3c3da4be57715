/// Predicted against realised firing rate, by decile of the predicted probability: how far the
/// hazard can be trusted. Filled with every labelled example; shown by `status` and the report.
public struct HazardCalibration: Sendable, Equatable {
    /// One decile: examples whose prediction fell in [lower, lower + 0.1).
    public struct Bin: Sendable, Equatable {
        public var count = 0
        public var predictedSum = 0.0
        public var fired = 0
        public init(count: Int = 0, predictedSum: Double = 0, fired: Int = 0) {
            self.count = count; self.predictedSum = predictedSum; self.fired = fired
        }
        /// Mean prediction and realised rate; `nil` while empty.
        public var meanPredicted: Double? { count > 0 ? predictedSum / Double(count) : nil }
        public var realisedRate: Double? { count > 0 ? Double(fired) / Double(count) : nil }
    }

    public private(set) var bins = [Bin](repeating: Bin(), count: 10)

    public init() {}

    /// From ten deciles' figures (fewer are padded with empty ones, more are refused).
    public init(bins: [Bin]) {
        precondition(bins.count <= 10, "ten deciles")
        self.bins = bins + [Bin](repeating: Bin(), count: 10 - bins.count)
    }

    /// Adds `other`'s examples, decile by decile (two runs of the allocator as one).
    public mutating func add(_ other: HazardCalibration) {
        for i in 0..<10 {
            bins[i].count += other.bins[i].count
            bins[i].predictedSum += other.bins[i].predictedSum
            bins[i].fired += other.bins[i].fired
        }
    }

    public mutating func record(predicted: Double, fired: Bool) {
        guard predicted.isFinite else { return }
        let index = min(max(Int(predicted * 10), 0), 9)
        bins[index].count += 1
        bins[index].predictedSum += predicted
        if fired { bins[index].fired += 1 }
    }

    public var examples: Int { bins.reduce(0) { $0 + $1.count } }

    /// The count-weighted mean |predicted − realised| over the deciles (expected calibration error).
    public var expectedCalibrationError: Double? {
        let total = examples
        guard total > 0 else { return nil }
        return bins.reduce(0.0) { sum, bin in
            guard let p = bin.meanPredicted, let r = bin.realisedRate else { return sum }
            return sum + abs(p - r) * Double(bin.count) / Double(total)
        }
    }
}
