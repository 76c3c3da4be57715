import Allocation
import Foundation

/// The session's hazard calibration from `timeline.jsonl`'s `hazard` lines: predicted against
/// realised firing rate, by decile of the predicted chance (`HazardCalibration`'s figures). Each line
/// holds the allocator's figures since it started, so the session's are the last line of each
/// allocator run added up (a run ends where the examples counted fall: the allocator restarted
/// without them). Pure.
public struct HazardCalibrationTable: Sendable, Equatable {
    /// The deciles, every run added up.
    public private(set) var calibration = HazardCalibration()
    /// Allocator runs the lines span (1 without a restart).
    public private(set) var runs: Int
    /// Market time of the last line.
    public private(set) var lastAt: Double

    /// nil when the timeline has no `hazard` line.
    public init?(timeline: [TimelineRecord]) {
        let lines = timeline.filter(\.isHazard).sorted { $0.t < $1.t }
        guard let last = lines.last else { return nil }
        func total(_ record: TimelineRecord) -> Int { (record.calibration ?? []).reduce(0) { $0 + $1.examples } }
        var runs = 0
        for (index, line) in lines.enumerated() where index + 1 == lines.count || total(lines[index + 1]) < total(line) {
            calibration.add(Self.calibration(of: line))
            runs += 1
        }
        self.runs = runs
        lastAt = last.t
    }

    /// One line's deciles as the allocator counted them (mean × examples gives the sums back).
    static func calibration(of line: TimelineRecord) -> HazardCalibration {
        var bins = [HazardCalibration.Bin](repeating: .init(), count: 10)
        for decile in line.calibration ?? [] where (0..<10).contains(decile.decile) && decile.examples > 0 {
            let n = Double(decile.examples)
            bins[decile.decile] = .init(count: decile.examples, predictedSum: (decile.predicted ?? 0) * n,
                                        fired: Int(((decile.realised ?? 0) * n).rounded()))
        }
        return HazardCalibration(bins: bins)
    }
}
