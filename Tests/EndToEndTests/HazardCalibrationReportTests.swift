import Foundation
import Testing
@testable import Allocation
import IPC
import Reports

/// Issue 22: the report shows the hazard's calibration, predicted against realised firing rate by
/// decile, from the `hazard` lines the recorder takes from the allocator's `status`.
struct HazardCalibrationReportTests {
    func line(at t: Double, _ deciles: [(Int, Int, Double, Double)]) -> TimelineRecord {
        var record = TimelineRecord(type: "hazard", t: t)
        record.calibration = deciles.map { TimelineRecord.Decile(decile: $0.0, examples: $0.1, predicted: $0.2, realised: $0.3) }
        return record
    }

    @Test func theLastLineOfEachAllocatorRun_isAddedUp() {
        let t0 = ReportFixtures.at(9, 0)
        let table = HazardCalibrationTable(timeline: [
            line(at: t0, [(0, 100, 0.05, 0.04)]),
            line(at: t0 + 60, [(0, 300, 0.05, 0.06), (3, 100, 0.32, 0.30)]),
            // The allocator restarted: its figures begin again.
            line(at: t0 + 120, [(0, 50, 0.04, 0.02)]),
            line(at: t0 + 180, [(0, 100, 0.04, 0.02), (3, 100, 0.36, 0.40)]),
        ])!
        let bins = table.calibration.bins
        #expect(table.runs == 2)
        #expect(table.calibration.examples == 600)
        #expect(bins.count == 10 && bins[5].count == 0 && bins[5].meanPredicted == nil)
        #expect(bins[0].count == 400)
        #expect(abs(bins[0].meanPredicted! - (300 * 0.05 + 100 * 0.04) / 400) < 1e-12)
        #expect(abs(bins[0].realisedRate! - (300 * 0.06 + 100 * 0.02) / 400) < 1e-12)
        #expect(abs(bins[3].realisedRate! - 0.35) < 1e-12)
        let error = (abs(0.0475 - 0.05) * 400 + abs(0.34 - 0.35) * 200) / 600
        #expect(abs(table.calibration.expectedCalibrationError! - error) < 1e-12)
        #expect(table.lastAt == t0 + 180)
        #expect(HazardCalibrationTable(timeline: ReportFixtures.timeline()) == nil)
    }

    /// The allocator's own `status` figures become the record, and the report's table shows them.
    @Test func theAllocatorsCalibration_reachesTheReport() {
        var calibration = HazardCalibration()
        for i in 0..<1_000 { calibration.record(predicted: 0.25, fired: i % 5 == 0) }
        for i in 0..<200 { calibration.record(predicted: 0.75, fired: i % 4 != 0) }
        var state = makeHazardState()
        state.hazard.calibration = calibration
        let record = TimelineRecord.hazard(t: ReportFixtures.at(10, 0), status: state.hazardStatus())!
        // Through the file's JSON line and back, as the report reads it.
        let decoded = try! JSONDecoder().decode(TimelineRecord.self, from: Data(record.jsonLine().utf8))
        #expect(decoded == record && decoded.isHazard && !decoded.isSample && !decoded.isAllocation)
        let table = HazardCalibrationTable(timeline: ReportFixtures.timeline() + [decoded])!
        #expect(table.calibration == calibration)
        let html = RunReport(timeline: ReportFixtures.timeline() + [decoded], signals: [], events: nil).html()
        #expect(html.contains("<h2>Hazard calibration</h2>"))
        #expect(html.contains("<b>1200 labelled examples</b>"))
        #expect(html.contains("<tr><td>0.2–0.3</td><td>1000</td><td>25.00 %</td><td>20.00 %</td></tr>"))
        #expect(html.contains("<tr><td>0.7–0.8</td><td>200</td><td>75.00 %</td><td>75.00 %</td></tr>"))
        #expect(RunReport(timeline: ReportFixtures.timeline(), signals: [], events: nil).html().contains("No hazard calibration in this run"))
    }

    func makeHazardState() -> AllocatorState {
        AllocatorState(configuration: AllocatorConfiguration(), universe: StockUniverse(stocks: [UniverseStock(code: "005930", sector: "IT")]))
    }
}
