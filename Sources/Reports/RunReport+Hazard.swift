import Foundation
import IPC

extension RunReport {
    /// The allocator's hazard calibration (`HazardCalibrationTable`): how far its chance of a signal
    /// within the horizon can be trusted, decile by decile.
    func hazardSection() -> String {
        var out = "<h2>Hazard calibration</h2>\n"
        guard let table = HazardCalibrationTable(timeline: timeline) else {
            return out + "<p class=\"note\">No hazard calibration in this run's timeline: the recorder writes the allocator's "
                + "every \(TimelineRecord.hazardEverySeconds) s once it has labelled examples.</p>\n"
        }
        // Two decimals: most examples sit far below 1 %.
        func percent(_ value: Double?) -> String { value.map { String(format: "%.2f %%", $0 * 100) } ?? "–" }
        out += "<p class=\"figures\"><span><b>\(table.calibration.examples) labelled examples</b></span>"
        out += "<span>expected calibration error \(percent(table.calibration.expectedCalibrationError))</span>"
        out += "<span>\(table.runs == 1 ? "one allocator run" : "\(table.runs) allocator runs added up")</span>"
        out += "<span>last at \(SVGChart.clock(MarketClock.secondsOfDay(table.lastAt)))</span></p>\n"
        out += "<p class=\"note\">Each example is a stock at a sampling instant: the chance the allocator gave it of firing a signal "
        out += "of any kind within the horizon, and whether it did. Realised near predicted in every decile means the hazard "
        out += "can be read as a probability; the upper deciles hold the stocks the slots are for.</p>\n"
        out += "<table id=\"hazard-calibration\"><tr><th>predicted</th><th>examples</th><th>mean predicted</th><th>realised</th></tr>\n"
        for (decile, bin) in table.calibration.bins.enumerated() {
            out += "<tr><td>\(String(format: "%.1f–%.1f", Double(decile) / 10, Double(decile + 1) / 10))</td><td>\(bin.count)</td>"
            out += "<td>\(percent(bin.meanPredicted))</td><td>\(percent(bin.realisedRate))</td></tr>\n"
        }
        return out + "</table>\n"
    }
}
