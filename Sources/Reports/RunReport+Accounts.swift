import Foundation
import IPC

/// The report's **Accounts** section (issue 17): with several KIS accounts, each one's ledger
/// (registrations held), REST use and health over the session, from the samples' `accounts`
/// (`TimelineRecord.Account`, written by the recorder as `./run status` shows them). A session with
/// one account has none, and the section is left out.
extension RunReport {
    /// One account's figures over the session.
    struct AccountSummary: Equatable {
        var name: String
        /// Samples that carry this account.
        var samples = 0
        var meanSlots: Double?
        var capacity: Int?
        var meanCallsPerSecond: Double?
        var limitPerSecond: Double?
        var calls: Int?
        var refusals: Int?
        /// Samples with its gateway's session up, and with its gateway not answering.
        var connected = 0
        var unanswered = 0
        var reconnects: Int?
        var token: String?

        /// The share of samples with the session up.
        var upShare: Double { samples == 0 ? 0 : Double(connected) / Double(samples) }
    }

    /// The accounts in the order they first appear, each summed over the samples.
    func accountSummaries() -> [AccountSummary] {
        var order: [String] = []
        var entries: [String: [TimelineRecord.Account]] = [:]
        for sample in timeline where sample.isSample {
            for account in sample.accounts ?? [] {
                if entries[account.name] == nil { order.append(account.name) }
                entries[account.name, default: []].append(account)
            }
        }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        return order.map { name in
            let all = entries[name]!
            var summary = AccountSummary(name: name, samples: all.count)
            summary.meanSlots = mean(all.compactMap { $0.slotsUsed.map(Double.init) })
            summary.capacity = all.compactMap(\.capacity).last
            summary.meanCallsPerSecond = mean(all.compactMap(\.callsPerSecond))
            summary.limitPerSecond = all.compactMap(\.limitPerSecond).last
            summary.calls = all.compactMap(\.calls).last
            summary.refusals = all.compactMap(\.refusals).last
            summary.connected = all.filter { $0.connected == true }.count
            summary.unanswered = all.filter { $0.connected == nil }.count
            summary.reconnects = all.compactMap(\.reconnects).max()
            summary.token = all.compactMap(\.token).last
            return summary
        }
    }

    func accountSection() -> String {
        let summaries = accountSummaries()
        guard !summaries.isEmpty else { return "" }
        func f(_ x: Double?, _ format: String) -> String { x.map { String(format: format, $0) } ?? "–" }
        func i(_ x: Int?) -> String { x.map(String.init) ?? "–" }
        var out = "<h2>Accounts</h2>\n<p class=\"figures\"><span>\(summaries.count) KIS accounts</span>"
        let slots = summaries.compactMap(\.meanSlots).reduce(0, +), capacity = summaries.compactMap(\.capacity).reduce(0, +)
        let calls = summaries.compactMap(\.meanCallsPerSecond).reduce(0, +), limit = summaries.compactMap(\.limitPerSecond).reduce(0, +)
        out += "<span>\(String(format: "%.1f", slots))/\(capacity) registrations held on average</span>"
        if limit > 0 { out += "<span>\(String(format: "%.1f/%.0f", calls, limit)) REST calls/s (\(String(format: "%.0f", calls / limit * 100)) % used)</span>" }
        out += "</p>\n<table><tr><th>account</th><th>registrations held (mean)</th><th>REST calls/s (mean)</th><th>% of its limit</th>"
        out += "<th>calls</th><th>EGW00201</th><th>session up</th><th>reconnects</th><th>gateway silent</th><th>token</th></tr>\n"
        for s in summaries {
            let share = s.limitPerSecond.flatMap { l in s.meanCallsPerSecond.map { l > 0 ? $0 / l * 100 : 0 } }
            out += "<tr><td>\(HTML.escape(s.name))</td><td>\(f(s.meanSlots, "%.1f"))/\(i(s.capacity))</td>"
            out += "<td>\(f(s.meanCallsPerSecond, "%.2f"))/\(f(s.limitPerSecond, "%.0f"))</td><td>\(f(share, "%.1f %%"))</td>"
            out += "<td>\(i(s.calls))</td><td>\(i(s.refusals))</td><td>\(String(format: "%.1f %%", s.upShare * 100))</td>"
            out += "<td>\(i(s.reconnects))</td><td>\(s.unanswered) samples</td><td>\(HTML.escape(s.token ?? "–"))</td></tr>\n"
        }
        out += "</table>\n"
        let samples = timeline.filter(\.isSample)
        func series(_ name: String, _ value: (TimelineRecord.Account) -> Double?) -> [(x: Double, y: Double)] {
            samples.compactMap { sample in
                sample.accounts?.first { $0.name == name }.flatMap(value).map { (x: MarketClock.secondsOfDay(sample.t), y: $0) }
            }
        }
        out += SVGChart.lines(id: "account-rest", title: "REST calls per second by account", series: summaries.enumerated().map { index, s in
            SVGChart.Series(name: s.name, color: SVGChart.color(index), points: series(s.name) { $0.callsPerSecond })
        }, xRange: timeRange, yMax: (summaries.compactMap(\.limitPerSecond).max() ?? 0) * 1.15 + 0.5, yUnit: "/s", height: 160)
        out += SVGChart.lines(id: "account-slots", title: "Registrations held by account", series: summaries.enumerated().map { index, s in
            SVGChart.Series(name: s.name, color: SVGChart.color(index), points: series(s.name) { $0.slotsUsed.map(Double.init) })
        }, xRange: timeRange, yMax: Double(summaries.compactMap(\.capacity).max() ?? 41) + 2, height: 160)
        return out
    }
}
