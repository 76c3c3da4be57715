import Foundation
import IPC

extension RunReport {
    /// The session's signals against the reference (`ReferenceMatcher`): reproduced and missed per
    /// kind, and the delay over the day, half-hour by half-hour.
    func referenceSection() -> String {
        var out = "<h2>Against the reference (kis-sim)</h2>\n"
        guard let reference else {
            return out + "<p class=\"note\">\(HTML.escape(referenceNote ?? "No reference: a live session has no complete tape."))</p>\n"
        }
        let session = EventMatcher.Session(start: timeRange.lowerBound, end: timeRange.upperBound, settle: referenceMatcher.window)
        let observations = signals.compactMap(EventMatcher.Observation.init)
        let result = referenceMatcher.match(reference: reference, policy: observations, session: session,
                                            slots: SlotTimeline(allocations: timeline))
        func seconds(_ value: Double?) -> String { value.map { String(format: "%.1f s", $0) } ?? "–" }
        func percent(_ value: Double) -> String { String(format: "%.1f %%", value * 100) }
        let tape = result.restricted(to: Set(result.kinds).subtracting(ReferenceDetector.orderBookKinds))
        out += "<p class=\"figures\"><span><b>\(result.reproduced) of \(result.referenceSignals) reference signals reproduced (\(percent(result.reproduction)))</b></span>"
        out += "<span>price and volume kinds \(tape.reproduced) of \(tape.referenceSignals) (\(percent(tape.reproduction)))</span>"
        out += "<span>delay p50 \(seconds(result.delayPercentile(50))), p95 \(seconds(result.delayPercentile(95))), p99 \(seconds(result.delayPercentile(99)))</span>"
        out += "<span>slot hit rate \(percent(result.slotHitRate))</span><span>\(result.extra) extra signals</span>"
        for (source, delays) in result.delaysBySource.sorted(by: { $0.key > $1.key }) {
            out += "<span>first via \(HTML.escape(source)): \(delays.count), delay p50 \(seconds(EventMatcher.Result.percentile(delays, 50)))</span>"
        }
        out += "</p>\n<p class=\"note\">The reference is the same signal engine fed the complete tape of the same day (every trade "
        out += "and order book of every stock, no KIS limit). Reproduced: \(HTML.escape(referenceMatcher.windowDescription)); "
        out += "delay = this session's signal time − the reference's.</p>\n"
        out += SVGChart.bars(id: "reference-by-kind", title: "Reference signals reproduced and missed per kind", bars: result.kinds.map { kind in
            let part = result.restricted(to: [kind])
            return SVGChart.Bar(label: kind, segments: [("reproduced", Double(part.reproduced), "#2ca02c"),
                                                        ("missed", Double(part.referenceSignals - part.reproduced), "#bbbbbb")])
        })
        out += "<table id=\"reference-kinds\"><tr><th>kind</th><th>reference</th><th>reproduced</th><th>missed</th><th>delay p50</th><th>delay p95</th><th>slot hit</th><th>extra</th></tr>\n"
        for kind in result.kinds {
            let part = result.restricted(to: [kind])
            out += "<tr><td>\(HTML.escape(kind))</td><td>\(part.referenceSignals)</td><td>\(part.reproduced)</td><td>\(part.referenceSignals - part.reproduced)</td>"
            out += "<td>\(seconds(part.delayPercentile(50)))</td><td>\(seconds(part.delayPercentile(95)))</td><td>\(percent(part.slotHitRate))</td><td>\(part.extra)</td></tr>\n"
        }
        out += "</table>\n"
        // Delay over the day: each reproduced reference signal at its time; and half-hour figures.
        let points = result.matches.compactMap { match in match.delay.map { (x: match.reference.secondOfDay, y: max(0, $0)) } }
        out += SVGChart.lines(id: "reference-delay", title: "Delay of each reproduced reference signal over the day", series: [
            SVGChart.Series(name: "delay", color: "#1f77b4", points: points),
        ], xRange: timeRange, yUnit: "s")
        let byHalfHour = Dictionary(grouping: result.matches) { Int($0.reference.secondOfDay / 1800) }
        out += "<table id=\"reference-day\"><tr><th>from</th><th>reference</th><th>reproduced</th><th>delay p50</th><th>delay p95</th></tr>\n"
        for slot in byHalfHour.keys.sorted() {
            let matches = byHalfHour[slot]!
            let delays = matches.compactMap(\.delay).sorted()
            out += "<tr><td>\(SVGChart.clock(Double(slot) * 1800))</td><td>\(matches.count)</td><td>\(delays.count)</td>"
            out += "<td>\(seconds(delays.isEmpty ? nil : EventMatcher.Result.percentile(delays, 50)))</td>"
            out += "<td>\(seconds(delays.isEmpty ? nil : EventMatcher.Result.percentile(delays, 95)))</td></tr>\n"
        }
        return out + "</table>\n"
    }
}
