import Foundation
import IPC
import SignalEngine

/// The after-session report: one self-contained HTML page (inline SVG and CSS, no script, no external
/// asset) built from the run directory's `timeline.jsonl`, `signals.jsonl` and, on kis-sim, `events.jsonl`.
public struct RunReport: Sendable {
    public var timeline: [TimelineRecord]
    public var signals: [TradeSignal]
    /// The ground truth; nil when the session was live (no `events.jsonl`).
    public var events: [GroundTruthEvent]?
    public var matcher: EventMatcher
    /// Stock names by code (from signals and events when not given).
    public var names: [String: String]
    /// Shown in the header, e.g. the run directory.
    public var source: String
    /// Most lanes drawn in the slot timeline (the longest holders win).
    public var maximumLanes = 150
    /// On kis-sim, the reference detector's signals for the same day (`ReferenceDetector`); nil when
    /// there is none (a live session, or a day that could not be rebuilt: `referenceNote` says why).
    public var reference: [EventMatcher.Observation]?
    public var referenceNote: String?
    public var referenceMatcher = ReferenceMatcher()

    public init(timeline: [TimelineRecord], signals: [TradeSignal], events: [GroundTruthEvent]?,
                matcher: EventMatcher = EventMatcher(), names: [String: String] = [:], source: String = "") {
        self.timeline = timeline.sorted { $0.t < $1.t }; self.signals = signals; self.events = events
        self.matcher = matcher; self.source = source
        var known = names
        for e in events ?? [] where !e.name.isEmpty && known[e.code] == nil { known[e.code] = e.name }
        for s in signals where !s.name.isEmpty && known[s.code] == nil { known[s.code] = s.name }
        self.names = known
    }

    /// Reads the inputs from a run directory (missing files are empty; no `events.jsonl` → live).
    public static func load(from directory: RunDirectory) -> RunReport {
        let eventsPath = directory.path("events.jsonl")
        return RunReport(timeline: JSONLines.read(TimelineRecord.self, path: directory.path("timeline.jsonl")),
                         signals: JSONLines.read(TradeSignal.self, path: directory.path("signals.jsonl")),
                         events: FileManager.default.fileExists(atPath: eventsPath)
                            ? JSONLines.read(GroundTruthEvent.self, path: eventsPath).filter(\.isPlanted) : nil,
                         source: directory.url.path)
    }

    /// The x range of the time charts, seconds of the KST day: the session as its records show it.
    public var timeRange: ClosedRange<Double> {
        var seconds = timeline.map { MarketClock.secondsOfDay($0.t) }
        seconds += signals.compactMap { EventMatcher.secondOfDay(iso: $0.time) }
        guard let low = seconds.min(), let high = seconds.max(), high > low else {
            let base = seconds.first ?? 9 * 3600
            return base...(base + 60)
        }
        return low...high
    }

    func label(_ code: String) -> String { names[code].map { "\(code) \($0)" } ?? code }

    /// The whole page.
    public func html() -> String {
        var page = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>kis41 session report</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:960px}
        h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
        svg.chart{display:block;margin:8px 0;font-size:11px;background:#fff}svg text{fill:#333}
        svg .empty{fill:#999;font-style:italic}table{border-collapse:collapse;margin:8px 0}
        td,th{border:1px solid #ddd;padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}
        .figures span{display:inline-block;margin-right:18px}.note{color:#777}
        </style></head><body>
        <h1>kis41 session report</h1>

        """
        page += "<p class=\"note\">\(HTML.escape(source)) · market \(SVGChart.clock(timeRange.lowerBound))–\(SVGChart.clock(timeRange.upperBound)) KST · "
        page += "\(timeline.filter(\.isSample).count) samples, \(timeline.filter(\.isAllocation).count) allocation changes, \(signals.count) signals</p>\n"
        page += slotSection() + budgetSection() + accountSection() + signalSection() + eventSection() + referenceSection() + hazardSection()
        return page + "</body></html>\n"
    }

    // MARK: slots

    /// Each stock's holding spans, from consecutive allocation records.
    func lanes() -> [SVGChart.Lane] {
        let allocations = timeline.filter(\.isAllocation)
        guard !allocations.isEmpty else { return [] }
        let end = MarketClock.secondsOfDay(timeline.last!.t)
        var spans: [String: [(from: Double, to: Double, tier: Int)]] = [:]
        var firstSeen: [String: Int] = [:]
        for (index, record) in allocations.enumerated() {
            let from = MarketClock.secondsOfDay(record.t)
            let to = index + 1 < allocations.count ? MarketClock.secondsOfDay(allocations[index + 1].t) : end
            for holder in record.holders ?? [] {
                if firstSeen[holder.code] == nil { firstSeen[holder.code] = firstSeen.count }
                if let last = spans[holder.code]?.last, last.tier == holder.tier, abs(last.to - from) < 0.001 {
                    spans[holder.code]![spans[holder.code]!.count - 1].to = max(to, from)
                } else {
                    spans[holder.code, default: []].append((from, max(to, from), holder.tier))
                }
            }
        }
        let held = spans.mapValues { $0.reduce(0) { $0 + $1.to - $1.from } }
        let kept = spans.keys.sorted { held[$0]! > held[$1]! }.prefix(maximumLanes)
        let bestTier = spans.mapValues { s in s.map { $0.tier == 0 ? -1 : $0.tier }.min() ?? 9 }
        return kept.sorted { (bestTier[$0]!, firstSeen[$0]!) < (bestTier[$1]!, firstSeen[$1]!) }
            .map { SVGChart.Lane(label: label($0), spans: spans[$0]!) }
    }

    func slotSection() -> String {
        let lanes = lanes()
        let samples = timeline.filter(\.isSample)
        let allocations = timeline.filter(\.isAllocation)
        let capacity = Double(samples.compactMap(\.capacity).last ?? allocations.compactMap(\.capacity).last ?? 41)
        var out = "<h2>WebSocket slots</h2>\n"
        let distinct = Set(allocations.flatMap { ($0.holders ?? []).map(\.code) }).count
        out += "<p class=\"figures\"><span>\(distinct) stocks held a slot</span><span>\(allocations.count) allocation changes</span>"
        if let fallback = allocations.filter({ $0.fallback == true }).first {
            out += "<span>REST fallback from \(SVGChart.clock(MarketClock.secondsOfDay(fallback.t)))</span>"
        }
        // After the open: mean slots used, and how often stocks with an event under way held a slot.
        let open = 9.0 * 3600 + 60
        let afterOpen = samples.filter { MarketClock.secondsOfDay($0.t) >= open }.compactMap(\.slotsUsed)
        if !afterOpen.isEmpty {
            let mean = Double(afterOpen.reduce(0, +)) / Double(afterOpen.count)
            out += "<span>\(String(format: "%.1f", mean))/\(Int(capacity)) slots used on average after 09:01</span>"
        }
        if let events, timeRange.upperBound >= open {
            let coverage = SlotCoverage.measure(allocations: allocations, events: events, range: max(open, timeRange.lowerBound)...timeRange.upperBound)
            if coverage.samples > 0 {
                out += "<span>\(String(format: "%.0f", coverage.coverage * 100)) % of stocks with a ground-truth event under way held a slot (\(coverage.samples) minutes sampled)</span>"
            }
        }
        out += "</p>\n"
        if distinct > lanes.count { out += "<p class=\"note\">The \(lanes.count) longest holders of \(distinct) are drawn.</p>\n" }
        out += SVGChart.slotTimeline(id: "slot-timeline", title: "Slot holders over the day, by tier", lanes: lanes, xRange: timeRange)
        let used = samples.compactMap { s in s.slotsUsed.map { (x: MarketClock.secondsOfDay(s.t), y: Double($0)) } }
        out += SVGChart.lines(id: "slots-used", title: "Slots used", series: [
            SVGChart.Series(name: "slots used", color: "#d62728", points: used),
            SVGChart.Series(name: "capacity", color: "#999", points: used.isEmpty ? [] : [(timeRange.lowerBound, capacity), (timeRange.upperBound, capacity)]),
        ], xRange: timeRange, yMax: capacity + 2, height: 160)
        return out
    }

    // MARK: REST budget and staleness

    func budgetSection() -> String {
        let samples = timeline.filter(\.isSample)
        func series(_ value: (TimelineRecord) -> Double?) -> [(x: Double, y: Double)] {
            samples.compactMap { s in value(s).map { (x: MarketClock.secondsOfDay(s.t), y: $0) } }
        }
        let calls = series(\.callsPerSecond), limit = series(\.limitPerSecond)
        var out = "<h2>REST budget and staleness</h2>\n<p class=\"figures\">"
        if !calls.isEmpty {
            let mean = calls.map(\.y).reduce(0, +) / Double(calls.count)
            let limitValue = limit.last?.y ?? 0
            out += "<span>mean \(String(format: "%.1f", mean)) calls/s</span>"
            if limitValue > 0 { out += "<span>limit \(String(format: "%.0f", limitValue))/s (\(String(format: "%.0f", mean / limitValue * 100)) % used)</span>" }
            if let peak = calls.map(\.y).max() { out += "<span>peak \(String(format: "%.1f", peak))/s</span>" }
        }
        if let covered = samples.compactMap(\.covered).max() { out += "<span>up to \(covered) stocks covered</span>" }
        out += "</p>\n"
        out += SVGChart.lines(id: "rest-budget", title: "REST calls per second against the limit", series: [
            SVGChart.Series(name: "calls/s", color: "#1f77b4", points: calls),
            SVGChart.Series(name: "limit", color: "#d62728", points: limit),
        ], xRange: timeRange, yMax: max((limit.map(\.y).max() ?? 0), calls.map(\.y).max() ?? 0) * 1.15 + 0.5, yUnit: "/s")
        out += SVGChart.lines(id: "rest-success", title: "REST success rate", series: [
            SVGChart.Series(name: "success %", color: "#2ca02c", points: series { $0.successRate.map { $0 * 100 } }),
        ], xRange: timeRange, yMax: 100, yUnit: "%", height: 140)
        let priorities = PollPriority.allCases.map(\.rawValue)
        let present = priorities.filter { p in samples.contains { $0.staleness?[p] != nil } }
        out += SVGChart.lines(id: "staleness", title: "REST data age (p95) by priority", series: present.enumerated().map { index, p in
            SVGChart.Series(name: "\(p) p95", color: SVGChart.color(index), points: series { $0.staleness?[p]?.p95 })
        }, xRange: timeRange, yUnit: "s")
        return out
    }

    // MARK: signals

    func signalSection() -> String {
        var byKind: [String: Int] = [:]
        var byWindow: [String: [String: Int]] = [:]
        for signal in signals {
            byKind[signal.kind.rawValue, default: 0] += 1
            let window = EventMatcher.secondOfDay(iso: signal.time).map { second in
                StrategyWindow.at(secondOfDay: second).rawValue
            } ?? "unknown"
            byWindow[window, default: [:]][signal.kind.rawValue, default: 0] += 1
        }
        let kinds = byKind.keys.sorted { (byKind[$0]!, $1) > (byKind[$1]!, $0) }
        let kindColor = Dictionary(uniqueKeysWithValues: kinds.enumerated().map { ($1, SVGChart.color($0)) })
        var out = "<h2>Signals</h2>\n<p class=\"figures\"><span>\(signals.count) signals</span>"
        let bySource = Dictionary(grouping: signals, by: \.source.rawValue).mapValues(\.count)
        for (source, count) in bySource.sorted(by: { $0.key < $1.key }) { out += "<span>\(count) via \(HTML.escape(source))</span>" }
        out += "</p>\n"
        out += SVGChart.bars(id: "signals-by-kind", title: "Signals per kind", bars: kinds.map {
            SVGChart.Bar(label: $0, segments: [($0, Double(byKind[$0]!), kindColor[$0]!)])
        })
        let windows = StrategyWindow.allCases.map(\.rawValue).filter { byWindow[$0] != nil } + (byWindow["unknown"] != nil ? ["unknown"] : [])
        out += SVGChart.bars(id: "signals-by-window", title: "Signals per strategy window and kind", bars: windows.map { w in
            SVGChart.Bar(label: w, segments: kinds.map { ($0, Double(byWindow[w]?[$0] ?? 0), kindColor[$0]!) })
        })
        if !windows.isEmpty {
            out += "<table id=\"signals-table\"><tr><th>window</th>" + kinds.map { "<th>\(HTML.escape($0))</th>" }.joined() + "<th>total</th></tr>\n"
            for w in windows {
                let row = kinds.map { byWindow[w]?[$0] ?? 0 }
                out += "<tr><td>\(HTML.escape(w))</td>" + row.map { "<td>\($0)</td>" }.joined() + "<td>\(row.reduce(0, +))</td></tr>\n"
            }
            out += "</table>\n"
        }
        return out
    }

    // MARK: ground truth

    func eventSection() -> String {
        guard let events else {
            return "<h2>Ground-truth events</h2>\n<p class=\"note\">No events.jsonl: a live session has no ground truth.</p>\n"
        }
        // Events that start after the session's last record were never reached, and those over before
        // its first were never visible: neither is counted (`EventMatcher.Session`).
        let session = EventMatcher.Session(start: timeRange.lowerBound, end: timeRange.upperBound)
        let end = session.end
        let reached = events.filter { $0.start <= end && $0.end > session.start }
        let result = matcher.match(events: events, signals: signals, session: session)
        var out = "<h2>Ground-truth events (kis-sim)</h2>\n<p class=\"figures\">"
        out += "<span><b>\(result.caught) of \(result.events) caught (\(String(format: "%.1f", result.capture * 100)) %)</b></span>"
        if let p50 = result.latencyPercentile(50), let p95 = result.latencyPercentile(95) {
            out += "<span>latency p50 \(String(format: "%.1f", p50)) s, p95 \(String(format: "%.1f", p95)) s (market)</span>"
        }
        out += "<span>\(result.totalSignals - result.unmatchedSignals) of \(result.totalSignals) signals match an event</span>"
        out += "<span>\(reached.filter(\.noise).count) noise events excluded</span>"
        let notReached = events.filter { $0.start > end }.count
        if notReached > 0 { out += "<span>\(notReached) events after \(SVGChart.clock(end)) not reached</span>" }
        out += "</p>\n"
        out += "<p class=\"note\">Caught: \(HTML.escape(matcher.windowDescription)); an event begun before the session counts from its start.</p>\n"
        let byKind = Dictionary(grouping: result.verdicts, by: \.event.kind)
        out += SVGChart.bars(id: "events-caught", title: "Caught and missed events per kind", bars: byKind.keys.sorted().map { kind in
            let verdicts = byKind[kind]!
            let caught = verdicts.filter(\.isCaught).count
            return SVGChart.Bar(label: kind, segments: [("caught", Double(caught), "#2ca02c"), ("missed", Double(verdicts.count - caught), "#bbbbbb")])
        })
        let missed = result.verdicts.filter { !$0.isCaught }
        if !missed.isEmpty {
            out += "<table id=\"missed-events\"><tr><th>missed event</th><th>kind</th><th>stock</th><th>start</th><th>magnitude</th></tr>\n"
            for verdict in missed.prefix(100) {
                let e = verdict.event
                out += "<tr><td>\(HTML.escape(e.id))</td><td>\(HTML.escape(e.kind))</td><td>\(HTML.escape(label(e.code)))</td><td>\(SVGChart.clock(e.start))</td><td>\(String(format: "%.2f", e.magnitude))</td></tr>\n"
            }
            out += "</table>\n"
            if missed.count > 100 { out += "<p class=\"note\">… and \(missed.count - 100) more.</p>\n" }
        }
        return out
    }
}
