import Allocation

/// How well a score ranks the stocks by whether each fires within the horizon, for `bench hazard`.
///
/// Fed one instant at a time (every stock's score and whether it fired), it keeps, overall and by
/// hour of the day: the AUC (the chance a random stock that fired outscores a random one that did
/// not; 0.5 = no better than chance, ties count half), precision@k (the share of the top k that
/// fired: the ceiling of a slot hit rate for k slots) and recall@k (the share of the stocks that
/// fired that were in the top k), each averaged over the instants, and for a probability the
/// calibration by decile (`HazardCalibration`). A tie at the k-th place is split in proportion, so
/// a constant score's precision@k is the base rate exactly. Pure: no market, no clock.
public struct RankingQuality: Sendable {
    /// What one score achieved over a set of instants.
    public struct Summary: Sendable, Equatable {
        public var instants = 0
        public var examples = 0
        public var positives = 0
        /// nil without both a positive and a negative.
        public var auc: Double?
        public var precisionAtK: Double?
        public var recallAtK: Double?
        /// Share of the examples that fired.
        public var baseRate: Double? { examples > 0 ? Double(positives) / Double(examples) : nil }
    }

    private struct Accumulator: Sendable {
        var scores: [Float] = []
        var labels: [Bool] = []
        var instants = 0
        var precisionSum = 0.0
        var recallSum = 0.0
        var recallInstants = 0
    }

    public let k: Int
    /// Whether the score is a probability (then the calibration is kept).
    public let isProbability: Bool
    private var overall = Accumulator()
    private var byHour: [Int: Accumulator] = [:]
    public private(set) var calibration = HazardCalibration()

    public init(k: Int = 41, isProbability: Bool = false) {
        self.k = max(1, k)
        self.isProbability = isProbability
    }

    /// One instant: every stock's score and whether it fired within the horizon, at `hour` (0–23).
    public mutating func record(scores: [Double], fired: [Bool], hour: Int) {
        let n = min(scores.count, fired.count)
        guard n > 0 else { return }
        let (precision, recall) = Self.topK(scores: Array(scores.prefix(n)), fired: Array(fired.prefix(n)), k: k)
        for i in 0..<n {
            overall.scores.append(Float(scores[i]))
            overall.labels.append(fired[i])
            byHour[hour, default: Accumulator()].scores.append(Float(scores[i]))
            byHour[hour, default: Accumulator()].labels.append(fired[i])
            if isProbability { calibration.record(predicted: scores[i], fired: fired[i]) }
        }
        func add(_ a: inout Accumulator) {
            a.instants += 1
            a.precisionSum += precision
            if let recall { a.recallSum += recall; a.recallInstants += 1 }
        }
        add(&overall)
        add(&byHour[hour, default: Accumulator()])
    }

    /// The hours with examples, in order.
    public var hours: [Int] { byHour.keys.sorted() }

    /// Over every instant, or those of `hour`.
    public func summary(hour: Int? = nil) -> Summary {
        let a = hour.map { byHour[$0] ?? Accumulator() } ?? overall
        var s = Summary()
        s.instants = a.instants
        s.examples = a.labels.count
        s.positives = a.labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        s.auc = Self.auc(scores: a.scores, labels: a.labels)
        s.precisionAtK = a.instants > 0 ? a.precisionSum / Double(a.instants) : nil
        s.recallAtK = a.recallInstants > 0 ? a.recallSum / Double(a.recallInstants) : nil
        return s
    }

    /// Precision@k and recall@k of one instant (recall nil when nothing fired). A tie straddling the
    /// k-th place contributes its share of positives in proportion to the places left.
    public static func topK(scores: [Double], fired: [Bool], k: Int) -> (precision: Double, recall: Double?) {
        let n = scores.count
        let take = min(k, n)
        let positives = fired.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard take > 0 else { return (0, nil) }
        let order = scores.indices.sorted { scores[$0] > scores[$1] }
        let threshold = scores[order[take - 1]]
        var above = 0, abovePositives = 0, tied = 0, tiedPositives = 0
        for i in 0..<n {
            if scores[i] > threshold { above += 1; if fired[i] { abovePositives += 1 } }
            else if scores[i] == threshold { tied += 1; if fired[i] { tiedPositives += 1 } }
        }
        let hits = Double(abovePositives) + Double(take - above) * Double(tiedPositives) / Double(max(tied, 1))
        return (hits / Double(take), positives > 0 ? hits / Double(positives) : nil)
    }

    /// The Mann–Whitney AUC with average ranks for ties; nil without both classes.
    public static func auc(scores: [Float], labels: [Bool]) -> Double? {
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var rankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count, scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            for j in start...end where labels[order[j]] { rankSum += averageRank }
            start = end + 1
        }
        let p = Double(positives)
        return (rankSum - p * (p + 1) / 2) / (p * Double(negatives))
    }
}
