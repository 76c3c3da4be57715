import Foundation
import Testing
import IPC
@testable import Reports

/// `RunReport`: the HTML built from small synthetic timeline/signals/events files.
struct RunReportTests {
    @Test func html_containsEveryChart_fromARunDirectory() throws {
        let directory = try ReportFixtures.writeRunDirectory()
        defer { try? FileManager.default.removeItem(at: directory.url) }
        let report = RunReport.load(from: directory)
        #expect(report.timeline.count == 62)
        #expect(report.signals.count == 3)
        #expect(report.events?.count == 5)
        let html = report.html()
        for id in ["slot-timeline", "slots-used", "rest-budget", "rest-success", "staleness", "signals-by-kind", "signals-by-window", "events-caught"] {
            #expect(html.contains("<svg id=\"\(id)\" class=\"chart\""), "chart \(id) missing")
        }
        #expect(html.contains("class=\"slot tier1\""))
        #expect(html.contains("class=\"slot tier2\""))
        #expect(html.contains("class=\"slot tier0\""))
        #expect(html.contains("<polyline class=\"series\""))
        // E1 (gap) and E2 (volume surge) caught, E3 missed; the noise event and E5 (after the session) not counted.
        #expect(html.contains("2 of 3 caught"))
        #expect(html.contains("1 events after"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http-equiv") && !html.contains("src=") && !html.contains("href="), "no external assets")
    }

    @Test func html_escapesEveryText() throws {
        let html = RunReport(timeline: ReportFixtures.timeline(), signals: ReportFixtures.signals(), events: ReportFixtures.events()).html()
        #expect(!html.contains("<b>x&y</b>"))
        #expect(html.contains("&lt;b&gt;x&amp;y&lt;/b&gt;"))
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(html.contains("Celltrion &amp; Co"))
    }

    @Test func html_saysSo_whenThereIsNoGroundTruthOrData() {
        let html = RunReport(timeline: [], signals: [], events: nil).html()
        #expect(html.contains("a live session has no ground truth"))
        #expect(html.contains("no allocation recorded"))
        #expect(html.contains("<svg id=\"rest-budget\""))
    }

    @Test func referenceSection_scoresTheSessionAgainstTheReference_perKind() {
        var report = RunReport(timeline: ReportFixtures.timeline(), signals: ReportFixtures.signals(), events: ReportFixtures.events())
        let second = { (h: Int, m: Int, s: Int) in Double(h * 3600 + m * 60 + s) }
        report.reference = [EventMatcher.Observation(code: "035420", kind: "gap", secondOfDay: second(8, 59, 10)),
                            EventMatcher.Observation(code: "005930", kind: "volume_surge", secondOfDay: second(9, 0, 58)),
                            EventMatcher.Observation(code: "068270", kind: "momentum", secondOfDay: second(9, 2, 0))]
        let html = report.html()
        #expect(html.contains("2 of 3 reference signals reproduced (66.7 %)"))
        #expect(html.contains("slot hit rate 33.3 %"))
        #expect(html.contains("1 extra signals"))
        #expect(html.contains("<svg id=\"reference-by-kind\" class=\"chart\""))
        #expect(html.contains("<svg id=\"reference-delay\" class=\"chart\""))
        #expect(html.contains("<tr><td>momentum</td><td>1</td><td>0</td><td>1</td>"))
        #expect(html.contains("<tr><td>volume_surge</td><td>1</td><td>1</td><td>0</td><td>2.0 s</td>"))
    }

    @Test func referenceSection_saysWhy_whenThereIsNone() {
        var report = RunReport(timeline: [], signals: [], events: ReportFixtures.events())
        report.referenceNote = "No reference: seed 7 does not rebuild this session's events.jsonl."
        #expect(report.html().contains("No reference: seed 7 does not rebuild"))
        #expect(RunReport(timeline: [], signals: [], events: nil).html().contains("a live session has no complete tape"))
    }

    @Test func lanes_mergeConsecutiveSpans_andSplitOnTierChange() {
        let t = ReportFixtures.at
        let report = RunReport(timeline: [
            .allocation(t: t(9, 0, 0), generation: 1, window: "w", strategy: "s", holders: [.init(code: "A", tier: 2)], slotsUsed: 1, capacity: 41, fallback: false),
            .allocation(t: t(9, 1, 0), generation: 2, window: "w", strategy: "s", holders: [.init(code: "A", tier: 2), .init(code: "B", tier: 2)], slotsUsed: 2, capacity: 41, fallback: false),
            .allocation(t: t(9, 2, 0), generation: 3, window: "w", strategy: "s", holders: [.init(code: "A", tier: 1)], slotsUsed: 2, capacity: 41, fallback: false),
            .sample(t: t(9, 3, 0)),
        ], signals: [], events: nil)
        let lanes = report.lanes()
        #expect(lanes.map(\.label) == ["A", "B"])
        #expect(lanes[0].spans.map(\.tier) == [2, 1])
        #expect(lanes[0].spans[0].from == 9 * 3600 && lanes[0].spans[0].to == 9 * 3600 + 120)
        #expect(lanes[1].spans.count == 1 && lanes[1].spans[0].to == 9 * 3600 + 120)
    }

    @Test func timelineRecord_roundTripsAsOneCompactLine() throws {
        let record = ReportFixtures.timeline()[5]
        let line = record.jsonLine()
        #expect(!line.contains("\n"))
        #expect(line.contains("\"calls_per_s\""))
        #expect(try JSONDecoder().decode(TimelineRecord.self, from: Data(line.utf8)) == record)
    }
}
