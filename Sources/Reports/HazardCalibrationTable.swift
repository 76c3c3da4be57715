import Foundation

/// The session's hazard calibration from `timeline.jsonl`'s `hazard` lines: predicted against
/// realised firing rate, by decile of the predicted chance. Each line holds the allocator's figures
/// since it started, so the session's are the last line of each allocator run added up (a run ends
/// where the examples counted fall: the allocator restarted without them). Pure.
public struct HazardCalibrationTable: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var decile: Int
        public var examples: Int
        public var predicted: Double?
        public var realised: Double?
    }

    /// Ten rows, decile 0 (predicted below 0.1) to 9.
    public private(set) var rows: [Row]
    /// Allocator runs the lines span (1 without a restart).
    public private(set) var runs: Int
    /// Market time of the last line.
    public private(set) var lastAt: Double

    /// nil when the timeline has no `hazard` line.
    public init?(timeline: [TimelineRecord]) {
        let lines = timeline.filter(\.isHazard).sorted { $0.t < $1.t }
        guard let last = lines.last else { return nil }
        func total(_ record: TimelineRecord) -> Int { (record.calibration ?? []).reduce(0) { $0 + $1.examples } }
        var ends: [TimelineRecord] = []
        for (index, line) in lines.enumerated() where index + 1 == lines.count || total(lines[index + 1]) < total(line) {
            ends.append(line)
        }
        var count = [Int](repeating: 0, count: 10), predicted = [Double](repeating: 0, count: 10), fired = count.map(Double.init)
        for end in ends {
            for decile in end.calibration ?? [] where (0..<10).contains(decile.decile) && decile.examples > 0 {
                count[decile.decile] += decile.examples
                predicted[decile.decile] += (decile.predicted ?? 0) * Double(decile.examples)
                fired[decile.decile] += (decile.realised ?? 0) * Double(decile.examples)
            }
        }
        rows = (0..<10).map { d in
            Row(decile: d, examples: count[d], predicted: count[d] > 0 ? predicted[d] / Double(count[d]) : nil,
                realised: count[d] > 0 ? fired[d] / Double(count[d]) : nil)
        }
        runs = ends.count
        lastAt = last.t
    }

    public var examples: Int { rows.reduce(0) { $0 + $1.examples } }

    /// The count-weighted mean |predicted − realised| over the deciles (expected calibration error).
    public var expectedCalibrationError: Double? {
        let total = examples
        guard total > 0 else { return nil }
        return rows.reduce(0.0) { sum, row in
            guard let p = row.predicted, let r = row.realised else { return sum }
            return sum + abs(p - r) * Double(row.examples) / Double(total)
        }
    }
}
